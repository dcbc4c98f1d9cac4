package com.partnerplatform.ygg.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.ygg.YggAuditRecord;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publication never throws into the request and every lost record is counted. */
class AuditTrailFailureCountTest {

    private static final YggAuditRecord RECORD = new YggAuditRecord("01987d64-6519-747b-9200-beba98700464", "POST",
            "/api/v1/deduct-points-by-address", "ACCEPTED", 200, 850, "corr-1", Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aRecordTheBrokerRefusesIsCounted() {
        CapturingEmitter emitter = new CapturingEmitter(false);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditTrail trail = new AuditTrail(emitter, registry);

        trail.publish(RECORD);
        emitter.sent.get(0).nack(new IllegalStateException("broker down")).toCompletableFuture().join();

        assertThat(trail.failures()).isEqualTo(1);
        assertThat(registry.get("ygg.audit.publish.failures").tag("reason", "not-acknowledged").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aRecordThatCannotBeQueuedIsCountedAndTheCallerCarriesOn() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditTrail trail = new AuditTrail(new CapturingEmitter(true), registry);

        trail.publish(RECORD);

        assertThat(registry.get("ygg.audit.publish.failures").tag("reason", "not-queued").counter().count())
                .isEqualTo(1);
    }

    @Test
    void anAcknowledgedRecordIsNotAFailureAndIsKeyedByRequestIdWithSchemaAndCorrelationHeaders() {
        CapturingEmitter emitter = new CapturingEmitter(false);
        AuditTrail trail = new AuditTrail(emitter, new SimpleMeterRegistry());

        trail.publish(RECORD);
        Message<YggAuditRecord> sent = emitter.sent.get(0);
        sent.ack().toCompletableFuture().join();

        assertThat(trail.failures()).isZero();
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> metadata = sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(metadata.getKey()).isEqualTo(RECORD.requestId());
        assertThat(new String(metadata.getHeaders().lastHeader("schema").value())).isEqualTo(YggAuditRecord.SCHEMA);
        assertThat(new String(metadata.getHeaders().lastHeader("X-Correlation-Id").value())).isEqualTo("corr-1");
        assertThat(sent.getPayload()).isEqualTo(RECORD);
    }

    private static final class CapturingEmitter implements Emitter<YggAuditRecord> {
        final List<Message<YggAuditRecord>> sent = new ArrayList<>();
        private final boolean full;

        CapturingEmitter(boolean full) {
            this.full = full;
        }

        @Override
        public CompletionStage<Void> send(YggAuditRecord payload) {
            throw new UnsupportedOperationException("the trail sends messages");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <M extends Message<? extends YggAuditRecord>> void send(M message) {
            if (full) {
                throw new IllegalStateException("buffer full");
            }
            sent.add((Message<YggAuditRecord>) message);
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
