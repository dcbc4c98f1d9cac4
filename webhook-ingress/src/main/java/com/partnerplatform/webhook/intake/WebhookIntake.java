package com.partnerplatform.webhook.intake;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.partnerplatform.webhook.BodyDigest;
import com.partnerplatform.webhook.delivery.Claim;
import com.partnerplatform.webhook.delivery.DedupeConfig;
import com.partnerplatform.webhook.delivery.DeliveryLedger;
import com.partnerplatform.webhook.minimisation.EventMinimiser;
import com.partnerplatform.webhook.minimisation.MinimisedEvent;
import com.partnerplatform.webhook.minimisation.UnprocessableEvent;
import com.partnerplatform.webhook.publishing.WebhookEventPublisher;
import com.partnerplatform.webhook.quarantine.Quarantine;
import com.partnerplatform.webhook.verification.VerificationConfig;
import com.partnerplatform.webhook.verification.VerificationFailure;
import com.partnerplatform.webhook.verification.VerifiedDelivery;
import com.partnerplatform.webhook.verification.WebhookHeaders;
import com.partnerplatform.webhook.verification.WebhookVerifier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;

/**
 * The delivery pipeline (spec 8.1): verify the raw body, check the id, publish, record, answer.
 * <pre>
 *   verify ── fail ──► quarantine, 400/401
 *     │
 *   minimise ── unreadable ──► quarantine, 400
 *     │
 *   claim id (INSERT .. ON CONFLICT) ── ACCEPTED ──► 200 duplicate, nothing published
 *     │ RECEIVED (new, or a retry never acknowledged)
 *   publish CloudEvent, wait for acks=all
 *     │
 *   mark ACCEPTED ──► 200
 * </pre>
 * Claims and marks of concurrent deliveries share statements (group commit, {@link DeliveryLedger}).
 * Any failure or the deadline after the claim answers 503 with Retry-After; the id stays RECEIVED
 * (or was never written), so the sender's retry runs the whole path again.
 */
@ApplicationScoped
public class WebhookIntake {

    public static final String DELIVERIES_METRIC = "webhook.deliveries";
    private static final Logger LOG = Logger.getLogger(WebhookIntake.class);

    private final WebhookVerifier verifier;
    private final EventMinimiser minimiser;
    private final DeliveryLedger ledger;
    private final WebhookEventPublisher publisher;
    private final Quarantine quarantine;
    private final IntakeConfig config;
    private final Clock clock;
    private final Map<IntakeResult.Outcome, Counter> outcomes = new EnumMap<>(IntakeResult.Outcome.class);

    public WebhookIntake(WebhookVerifier verifier, EventMinimiser minimiser, DeliveryLedger ledger,
            WebhookEventPublisher publisher, Quarantine quarantine, IntakeConfig config, DedupeConfig dedupe,
            VerificationConfig verification, Clock clock, MeterRegistry registry) {
        if (dedupe.retention().compareTo(verification.tolerance()) < 0) {
            throw new IllegalStateException("webhook.dedupe.retention must be at least webhook.verification.tolerance,"
                    + " or a replay inside the window would be taken for a new delivery");
        }
        this.verifier = verifier;
        this.minimiser = minimiser;
        this.ledger = ledger;
        this.publisher = publisher;
        this.quarantine = quarantine;
        this.config = config;
        this.clock = clock;
        for (IntakeResult.Outcome outcome : IntakeResult.Outcome.values()) {
            outcomes.put(outcome, Counter.builder(DELIVERIES_METRIC).description("Webhook deliveries by outcome")
                    .tag("outcome", outcome.tag()).register(registry));
        }
    }

    /**
     * Runs one delivery; the future never fails, every outcome is an answer. Refusals and duplicates
     * complete on the caller's thread; the rest on a database or Kafka thread.
     */
    public CompletableFuture<IntakeResult> receive(WebhookHeaders headers, byte[] body, String correlationId) {
        Instant receivedAt = clock.instant();
        VerifiedDelivery delivery;
        try {
            delivery = verifier.verify(headers, body, receivedAt);
        } catch (VerificationFailure failure) {
            quarantine.escalate(failure.deliveryId(), failure.reason().tag(), headers, body, receivedAt, correlationId);
            return answer(new IntakeResult(IntakeResult.Outcome.REFUSED, failure.reason().httpStatus(),
                    failure.reason().code(), failure.getMessage(), failure.deliveryId()));
        }
        String id = delivery.deliveryId();
        MinimisedEvent event;
        try {
            event = minimiser.minimise(body);
        } catch (UnprocessableEvent e) {
            quarantine.escalate(id, "unprocessable-body", headers, body, receivedAt, correlationId);
            return answer(new IntakeResult(IntakeResult.Outcome.UNPROCESSABLE, 400, "webhook.unprocessableBody",
                    e.getMessage(), id));
        }
        // the request's trace context, taken here on its own thread: the publication happens on another one
        Context trace = Context.current();
        return ledger.claim(id, BodyDigest.sha256Hex(body), receivedAt)
                .thenCompose(claim -> afterClaim(claim, id, event, headers, body, receivedAt, correlationId, trace))
                .orTimeout(config.processingTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    LOG.warnf("delivery %s not accepted, answering 503: %s", id, cause.toString());
                    return new IntakeResult(IntakeResult.Outcome.UNAVAILABLE, 503, "webhook.unavailable",
                            "the event could not be durably accepted now; retry later", id);
                })
                .thenApply(result -> {
                    count(result);
                    return result;
                });
    }

    private CompletableFuture<IntakeResult> afterClaim(Claim claim, String id, MinimisedEvent event, WebhookHeaders headers,
            byte[] body, Instant receivedAt, String correlationId, Context trace) {
        if (!claim.bodyMatches()) {
            quarantine.escalate(id, "delivery-id-reused", headers, body, receivedAt, correlationId);
            return CompletableFuture.completedFuture(new IntakeResult(IntakeResult.Outcome.CONFLICT, 409,
                    "webhook.idReused", "this webhook-id was already received with a different body", id));
        }
        if (claim.alreadyAccepted()) {
            return CompletableFuture.completedFuture(IntakeResult.duplicate(id));
        }
        return publisher.publish(WebhookEventPublisher.cloudEvent(id, event, claim.firstReceivedAt()), correlationId, trace)
                .thenCompose(acknowledged -> ledger.markAccepted(id))
                .thenApply(marked -> IntakeResult.accepted(id));
    }

    private CompletableFuture<IntakeResult> answer(IntakeResult result) {
        count(result);
        return CompletableFuture.completedFuture(result);
    }

    private void count(IntakeResult result) {
        outcomes.get(result.outcome()).increment();
    }
}
