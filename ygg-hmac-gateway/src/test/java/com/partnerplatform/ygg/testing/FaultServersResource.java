package com.partnerplatform.ygg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.partnerplatform.events.Topics;
import com.partnerplatform.testsupport.KafkaProcess;
import com.partnerplatform.testsupport.KafkaTestHelper;
import com.partnerplatform.testsupport.PostgresServer;

/**
 * A PostgreSQL and a Kafka broker of the fault tests' own (the shared ones must stay up for every other test),
 * each restartable with its data.
 */
public class FaultServersResource implements OwnServersResource {

    private static PostgresServer postgres;
    private static KafkaProcess kafka;

    public static PostgresServer postgres() {
        return postgres;
    }

    public static KafkaProcess kafka() {
        return kafka;
    }

    @Override
    public Map<String, String> start() {
        try {
            postgres = PostgresServer.dedicated(Files.createTempDirectory("ygg-fault-pg-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kafka = KafkaProcess.temporary();
        kafka.start(Duration.ofSeconds(120));
        try (KafkaTestHelper admin = new KafkaTestHelper(kafka.bootstrapServers())) {
            admin.createTopic(Topics.YGG_REDEEM_AUDIT, 3, false);
        }
        Map<String, String> config = new HashMap<>(postgres.settings().quarkusDatasource());
        config.put("ygg-audit.kafka.bootstrap.servers", kafka.bootstrapServers());
        // a broker restart on a busy 2-core machine can outlast the default 30 s: keep the records longer
        config.put("ygg-audit.kafka.delivery.timeout.ms", "180000");
        config.put("ygg-audit.kafka.max.block.ms", "180000");
        return config;
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }
}
