package com.partnerplatform.webhook.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.partnerplatform.testsupport.KafkaProcess;
import com.partnerplatform.testsupport.PostgresServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Kafka broker in its own JVM and a PostgreSQL server of their own, both restartable with their
 * data, for tests that take them away while deliveries arrive. Its settings override the shared
 * servers' (it starts after them: higher {@link #order()}).
 */
public class RestartableInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static KafkaProcess kafka;
    private static PostgresServer postgres;

    @Override
    public Map<String, String> start() {
        try {
            kafka = KafkaProcess.temporary();
            kafka.start(Duration.ofSeconds(90));
            postgres = PostgresServer.dedicated(Files.createTempDirectory("webhook-faults-pg"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(postgres.settings().quarkusDatasource());
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("mp.messaging.connector.smallrye-kafka.bootstrap.servers", kafka.bootstrapServers());
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

    @Override
    public int order() {
        return 100;
    }

    static KafkaProcess kafka() {
        return kafka;
    }

    static PostgresServer postgres() {
        return postgres;
    }
}
