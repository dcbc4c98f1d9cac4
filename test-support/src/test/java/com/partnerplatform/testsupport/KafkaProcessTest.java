package com.partnerplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class KafkaProcessTest {

    @Test
    void aBrokerProcessKilledWithSigkillComesBackOnTheSamePortWithItsRecords() {
        String topic = "process-" + UUID.randomUUID();
        try (KafkaProcess broker = KafkaProcess.temporary();
                KafkaTestHelper kafka = new KafkaTestHelper(broker.bootstrapServers())) {
            broker.start(Duration.ofSeconds(90));
            kafka.createTopic(topic, 1, false);
            kafka.produce(topic, "k", "before-crash");

            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.start(Duration.ofSeconds(90));

            assertThat(kafka.awaitRecords(topic, 1, Duration.ofSeconds(60)))
                    .extracting(r -> r.value()).containsExactly("before-crash");
        }
    }
}
