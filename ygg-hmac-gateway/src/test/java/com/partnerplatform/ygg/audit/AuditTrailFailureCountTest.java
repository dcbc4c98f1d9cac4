package com.partnerplatform.ygg.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.JsonSerializer;
import com.partnerplatform.events.ygg.YggAuditRecord;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Publication never blocks or throws into the request and every record that is not delivered is counted. Kafka's
 * own {@link MockProducer} stands for the broker so that a refusal can be provoked deterministically; the real
 * broker's behaviour (down while traffic flows) is {@code gateway.FaultToleranceTest}'s.
 */
class AuditTrailFailureCountTest {

    private static final YggAuditRecord RECORD = new YggAuditRecord("01987d64-6519-747b-9200-beba98700464", "POST",
            "/api/v1/deduct-points-by-address", "ACCEPTED", 200, 850, "corr-1", Instant.parse("2026-01-01T00:00:00Z"));
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static MockProducer<String, YggAuditRecord> producer() {
        return new MockProducer<>(false, null, new StringSerializer(), new JsonSerializer<>()); // completed by the test
    }

    @Test
    void aRecordTheBrokerRefusesIsCounted() {
        MockProducer<String, YggAuditRecord> producer = producer();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditTrail trail = new AuditTrail(Topics.YGG_REDEEM_AUDIT, producer, 10, registry);

        trail.publish(RECORD);
        await().atMost(WAIT).until(() -> producer.history().size() == 1);
        assertThat(producer.errorNext(new IllegalStateException("broker down"))).isTrue();

        assertThat(trail.failures()).isEqualTo(1);
        assertThat(registry.get("ygg.audit.publish.failures").tag("reason", "not-acknowledged").counter().count())
                .isEqualTo(1);
        trail.closeWithin(Duration.ofSeconds(1));
    }

    @Test
    void recordsBeyondTheQueueAreCountedAndTheCallerCarriesOn() {
        MockProducer<String, YggAuditRecord> producer = producer();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditTrail trail = new AuditTrail(Topics.YGG_REDEEM_AUDIT, producer, 2, registry);
        trail.closeWithin(Duration.ofSeconds(1)); // a closed trail queues nothing more

        trail.publish(RECORD);
        trail.publish(RECORD);

        assertThat(registry.get("ygg.audit.publish.failures").tag("reason", "not-queued").counter().count())
                .isEqualTo(2);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void anAcknowledgedRecordIsNotAFailureAndIsKeyedByRequestIdWithSchemaAndCorrelationHeaders() {
        MockProducer<String, YggAuditRecord> producer = producer();
        AuditTrail trail = new AuditTrail(Topics.YGG_REDEEM_AUDIT, producer, 10, new SimpleMeterRegistry());

        trail.publish(RECORD);
        await().atMost(WAIT).until(() -> producer.history().size() == 1);
        assertThat(producer.completeNext()).isTrue();

        assertThat(trail.failures()).isZero();
        ProducerRecord<String, YggAuditRecord> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo(Topics.YGG_REDEEM_AUDIT);
        assertThat(sent.key()).isEqualTo(RECORD.requestId());
        assertThat(new String(sent.headers().lastHeader("schema").value(), StandardCharsets.UTF_8))
                .isEqualTo(YggAuditRecord.SCHEMA);
        assertThat(new String(sent.headers().lastHeader("X-Correlation-Id").value(), StandardCharsets.UTF_8))
                .isEqualTo("corr-1");
        assertThat(sent.value()).isEqualTo(RECORD);
        trail.closeWithin(Duration.ofSeconds(1));
    }

    @Test
    void closingDeliversWhatIsStillQueued() {
        MockProducer<String, YggAuditRecord> producer = new MockProducer<>(true, null, new StringSerializer(),
                new JsonSerializer<>());
        AuditTrail trail = new AuditTrail(Topics.YGG_REDEEM_AUDIT, producer, 1000, new SimpleMeterRegistry());
        for (int i = 0; i < 500; i++) {
            trail.publish(RECORD);
        }

        trail.closeWithin(Duration.ofSeconds(5));

        assertThat(producer.history()).hasSize(500);
        assertThat(trail.failures()).isZero();
    }
}
