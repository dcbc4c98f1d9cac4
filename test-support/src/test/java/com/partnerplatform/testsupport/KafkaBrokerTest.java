package com.partnerplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void aRecordProducedToTheInJvmBrokerIsConsumedWithItsKeyValueAndHeaders() {
        String topic = "test-support-" + UUID.randomUUID();
        try (KafkaTestHelper kafka = KafkaTestHelper.onSharedBroker()) {
            kafka.createTopic(topic, 1, false);
            kafka.produce(topic, "k-1", "{\"n\":1}", Map.of("X-Correlation-Id", "corr-1"));

            var records = kafka.awaitRecords(topic, 1, Duration.ofSeconds(30));

            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("k-1");
                assertThat(record.value()).isEqualTo("{\"n\":1}");
                assertThat(KafkaTestHelper.header(record, "X-Correlation-Id")).isEqualTo("corr-1");
            });
        }
    }

    @Test
    void theBrokerIsSharedWithinTheJvm() {
        assertThat(KafkaBroker.bootstrapServers()).isEqualTo(KafkaBroker.bootstrapServers());
    }
}
