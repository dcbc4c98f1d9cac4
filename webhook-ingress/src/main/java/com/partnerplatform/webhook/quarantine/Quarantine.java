package com.partnerplatform.webhook.quarantine;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.partnerplatform.events.webhook.QuarantineRecord;
import com.partnerplatform.webhook.BodyDigest;
import com.partnerplatform.webhook.publishing.KafkaHeaders;
import com.partnerplatform.webhook.verification.WebhookHeaders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Escalates deliveries that could not be verified or read (spec 8.1: "escalate unexpected or
 * unverifiable events"): one {@link QuarantineRecord} per delivery on {@code ycmt.webhook.quarantine}
 * keyed by delivery id, and the counter {@code webhook.verification.failures{reason}} to alert on.
 * The record holds the body's digest and length, never the body. The caller's answer does not wait
 * for the broker: a refused sender gains nothing from it, and a flood of forgeries must not hold
 * connections open.
 */
@ApplicationScoped
public class Quarantine {

    public static final String FAILURES_METRIC = "webhook.verification.failures";
    public static final String DROPPED_METRIC = "webhook.quarantine.dropped";
    static final String CHANNEL = "ycmt-webhook-quarantine";
    private static final Logger LOG = Logger.getLogger(Quarantine.class);

    private final MutinyEmitter<QuarantineRecord> emitter;
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> failures = new ConcurrentHashMap<>();
    private final Counter dropped;

    public Quarantine(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
            MutinyEmitter<QuarantineRecord> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        this.registry = registry;
        this.dropped = Counter.builder(DROPPED_METRIC)
                .description("Quarantine records that could not be handed to Kafka").register(registry);
    }

    /**
     * @param deliveryId the delivery id if it was well formed, else null
     * @param reason the failure's metric tag, e.g. {@code signature-mismatch}
     */
    public void escalate(String deliveryId, String reason, WebhookHeaders headers, byte[] body, Instant receivedAt,
            String correlationId) {
        failures.computeIfAbsent(reason, tag -> Counter.builder(FAILURES_METRIC)
                .description("Webhook deliveries refused or quarantined, by reason").tag("reason", tag)
                .register(registry)).increment();
        QuarantineRecord record = new QuarantineRecord(deliveryId, reason, HeaderScrubber.scrub(headers.asMap()),
                BodyDigest.sha256Hex(body), body.length, receivedAt);
        Message<QuarantineRecord> message = Message.of(record)
                .addMetadata(KafkaHeaders.metadata(deliveryId, correlationId, QuarantineRecord.SCHEMA, "application/json"));
        emitter.sendMessage(message).subscribe().with(ok -> {
        }, failure -> {
            dropped.increment();
            LOG.warnf("could not quarantine delivery %s (%s): %s", deliveryId, reason, failure.getClass().getSimpleName());
        });
    }
}
