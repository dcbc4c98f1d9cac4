package com.partnerplatform.quote.signing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.events.signing.SigningRequest;
import com.partnerplatform.quote.messaging.Records;
import com.partnerplatform.quote.quote.QuoteConfig;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;

/**
 * Asks the signer-service for a signature over Kafka: a {@link SigningRequest} keyed by quoteId on
 * {@code quote.signing.requests}, with the correlation id header, answered on
 * {@code quote.signing.replies}. SmallRye's request-reply adds the reply-correlation, reply-topic
 * (and, if configured, reply-partition) headers the signer copies back, and drops a reply that
 * arrives after this side gave up.
 */
@ApplicationScoped
public class SignerClient {

    private final Duration timeout;

    @Inject
    @Channel("signing-requests")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    KafkaRequestReply<SigningRequest, SigningReply> requestReply;

    private volatile boolean assigned;
    private final AtomicBoolean checking = new AtomicBoolean();

    private final ReplyRendezvous rendezvous;

    public SignerClient(QuoteConfig config, ReplyRendezvous rendezvous) {
        this.timeout = config.signing().timeout();
        this.rendezvous = rendezvous;
    }

    /**
     * The reply consumer starts at the end of the reply topic: a request sent before it holds its
     * partitions could have its reply skipped, so the first requests wait for the assignment.
     */
    private Uni<Void> replyConsumerReady() {
        if (assigned) {
            return Uni.createFrom().voidItem();
        }
        return requestReply.waitForAssignments()
                .invoke(partitions -> assigned = !partitions.isEmpty())
                // no reply topic yet (the platform has not created it): send anyway, the timeout still applies
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Whether the reply consumer holds its partitions (readiness): until then a reply could be
     * missed. Asks the consumer once in the background while not yet known; never blocks.
     */
    public boolean replyConsumerAssigned() {
        if (!assigned && checking.compareAndSet(false, true)) {
            requestReply.waitForAssignments()
                    .ifNoItem().after(Duration.ofSeconds(10)).fail()
                    .subscribe().with(partitions -> {
                        assigned = !partitions.isEmpty();
                        checking.set(false);
                    }, failure -> checking.set(false));
        }
        return assigned;
    }

    /** The signer's reply, or a {@link SignerUnavailable} failure after the configured timeout. */
    public Uni<SigningReply> sign(SigningRequest request) {
        Message<SigningRequest> message = Records.keyed(request.quoteId(), request, SigningRequest.SCHEMA,
                request.correlationId());
        var fallback = rendezvous.expect(request.quoteId());
        Uni<SigningReply> viaRequestReply = replyConsumerReady()
                .chain(() -> requestReply.request(message))
                .map(Message::getPayload);
        return Uni.combine().any().of(viaRequestReply, Uni.createFrom().completionStage(fallback))
                .ifNoItem().after(timeout).failWith(() -> new SignerUnavailable("no reply from the signer within " + timeout.toMillis() + " ms"))
                .onFailure(e -> !(e instanceof SignerUnavailable))
                .transform(e -> new SignerUnavailable(e instanceof TimeoutException
                        ? "no reply from the signer" : "the signing request could not be sent: " + e.getClass().getSimpleName()))
                .onTermination().invoke(() -> rendezvous.forget(request.quoteId()));
    }
}
