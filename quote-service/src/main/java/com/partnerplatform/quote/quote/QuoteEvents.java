package com.partnerplatform.quote.quote;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.partnerplatform.events.quote.QuoteEvent;
import com.partnerplatform.events.quote.QuoteEventType;
import com.partnerplatform.quote.messaging.Records;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Lifecycle events on {@code quote.events} (key quoteId): identifiers, outcome, kid and error code,
 * never pricing or personal data. The database row and its status history are the record of truth;
 * an event that cannot be published is logged and does not fail the customer's request.
 */
@ApplicationScoped
public class QuoteEvents {

    private static final Logger LOG = Logger.getLogger(QuoteEvents.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    private final Clock clock;

    @Inject
    @Channel("quote-events")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<QuoteEvent> emitter;

    public QuoteEvents(Clock clock) {
        this.clock = clock;
    }

    /**
     * Sends without holding up the caller; events of one quote keep their order (same key, same
     * idempotent producer).
     */
    public void emit(String quoteId, QuoteEventType type, long seq, String kid, String errorCode, String correlationId) {
        publish(quoteId, type, seq, kid, errorCode, correlationId).subscribe().with(ignored -> {
        });
    }

    /** Completes when the broker has the event, or after logging why it does not. */
    public Uni<Void> publish(String quoteId, QuoteEventType type, long seq, String kid, String errorCode, String correlationId) {
        QuoteEvent event = new QuoteEvent(quoteId, type, seq, kid, errorCode, correlationId, clock.instant());
        return emitter.sendMessage(Records.keyed(quoteId, event, QuoteEvent.SCHEMA, correlationId))
                .ifNoItem().after(PUBLISH_TIMEOUT).fail()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("quote event %s %s not published: %s", type, quoteId, e.getClass().getSimpleName());
                    return null;
                });
    }
}
