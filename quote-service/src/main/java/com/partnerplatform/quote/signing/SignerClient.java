package com.partnerplatform.quote.signing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.partnerplatform.events.Topics;
import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.events.signing.SigningRequest;
import com.partnerplatform.quote.messaging.Records;
import com.partnerplatform.quote.quote.QuoteConfig;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Asks the signer-service for a signature over Kafka: a {@link SigningRequest} keyed by quoteId on
 * {@code quote.signing.requests}, with the correlation id header and the request-reply headers the
 * signer copies back (those of SmallRye's KafkaRequestReply, which signer-service reads: reply topic
 * and reply correlation id = the quote id), answered on {@code quote.signing.replies} and matched
 * by {@link ReplyRendezvous}. A reply that arrives after this side gave up is ignored.
 */
@ApplicationScoped
public class SignerClient {

    static final String REPLY_TOPIC_HEADER = "REPLY_TOPIC";
    static final String REPLY_CORRELATION_ID_HEADER = "REPLY_CORRELATION_ID";
    private static final byte[] REPLY_TOPIC = Topics.QUOTE_SIGNING_REPLIES.getBytes(StandardCharsets.UTF_8);

    private final Duration timeout;
    private final ReplyRendezvous rendezvous;

    @Inject
    @Channel("signing-requests")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<SigningRequest> requests;

    public SignerClient(QuoteConfig config, ReplyRendezvous rendezvous) {
        this.timeout = config.signing().timeout();
        this.rendezvous = rendezvous;
    }

    /**
     * The reply consumer starts at the end of the reply topic: a request sent before it holds its
     * partitions could have its reply skipped, so the first requests wait for the assignment (the
     * signing timeout still applies).
     */
    private Uni<Void> replyConsumerReady() {
        if (rendezvous.assigned()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(rendezvous.firstAssignment());
    }

    /** Whether the reply consumer holds its partitions (readiness); never blocks. */
    public boolean replyConsumerAssigned() {
        return rendezvous.assigned();
    }

    /** The signer's reply, or a {@link SignerUnavailable} failure after the configured timeout. */
    public Uni<SigningReply> sign(SigningRequest request) {
        String quoteId = request.quoteId();
        Message<SigningRequest> message = Records.keyed(quoteId, request, SigningRequest.SCHEMA, request.correlationId());
        message.getMetadata(OutgoingKafkaRecordMetadata.class).ifPresent(kafka -> {
            kafka.getHeaders().add(REPLY_TOPIC_HEADER, REPLY_TOPIC);
            kafka.getHeaders().add(REPLY_CORRELATION_ID_HEADER, quoteId.getBytes(StandardCharsets.UTF_8));
        });
        CompletableFuture<SigningReply> reply = rendezvous.expect(quoteId);
        return replyConsumerReady()
                .invoke(() -> requests.sendMessage(message).subscribe().with(sent -> {
                }, failure -> reply.completeExceptionally(new SignerUnavailable(
                        "the signing request could not be sent: " + failure.getClass().getSimpleName()))))
                .chain(() -> Uni.createFrom().completionStage(reply))
                .ifNoItem().after(timeout).failWith(() -> new SignerUnavailable("no reply from the signer within "
                        + timeout.toMillis() + " ms"))
                .onFailure(e -> !(e instanceof SignerUnavailable))
                .transform(e -> new SignerUnavailable("the signing request failed: " + e.getClass().getSimpleName()))
                .onTermination().invoke(() -> rendezvous.forget(quoteId));
    }
}
