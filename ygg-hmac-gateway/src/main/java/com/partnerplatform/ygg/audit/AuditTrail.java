package com.partnerplatform.ygg.audit;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.partnerplatform.events.Headers;
import com.partnerplatform.events.ygg.YggAuditRecord;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes one {@link YggAuditRecord} per request on {@code ygg.redeem.audit}, keyed by request id, without
 * waiting: the answer to YGG never waits for Kafka. A record that cannot be queued or that the broker does not
 * take is counted in {@code ygg.audit.publish.failures}, so a gap in the trail is visible on a dashboard.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    static final String CHANNEL = "ygg-redeem-audit";
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Emitter<YggAuditRecord> emitter;
    private final Counter rejected;
    private final Counter overflowed;

    public AuditTrail(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
            Emitter<YggAuditRecord> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        this.rejected = Counter.builder("ygg.audit.publish.failures").tag("reason", "not-acknowledged")
                .description("audit records the broker did not take").register(registry);
        this.overflowed = Counter.builder("ygg.audit.publish.failures").tag("reason", "not-queued")
                .description("audit records dropped before reaching the producer").register(registry);
    }

    public void publish(YggAuditRecord record) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.SCHEMA, YggAuditRecord.SCHEMA.getBytes(StandardCharsets.UTF_8));
        if (record.correlationId() != null) {
            headers.add(Headers.CORRELATION_ID, record.correlationId().getBytes(StandardCharsets.UTF_8));
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.requestId())
                .withHeaders(headers)
                .build();
        Message<YggAuditRecord> message = Message.of(record, () -> DONE, this::notAcknowledged).addMetadata(metadata);
        try {
            emitter.send(message);
        } catch (RuntimeException e) { // buffer full or channel down: the request goes on, the gap is counted
            overflowed.increment();
            LOG.debugf("audit record not queued: %s", e.getClass().getSimpleName());
        }
    }

    private CompletionStage<Void> notAcknowledged(Throwable failure) {
        rejected.increment();
        LOG.debugf("audit record not acknowledged: %s", failure.getClass().getSimpleName());
        return DONE;
    }

    public double failures() {
        return rejected.count() + overflowed.count();
    }
}
