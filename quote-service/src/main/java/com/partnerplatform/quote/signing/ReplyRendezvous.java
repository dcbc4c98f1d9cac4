package com.partnerplatform.quote.signing;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.partnerplatform.events.serde.Json;
import com.partnerplatform.events.signing.SigningReply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A second way for a signer reply to find its request, registered BEFORE the request is sent.
 *
 * <p>Why: SmallRye Reactive Messaging 4.33 (Quarkus 3.33) registers a KafkaRequestReply's pending
 * reply only once the broker has acknowledged the request. Under load a fast signer's reply can be
 * polled before that, and the library then drops it as unknown (fixed upstream by
 * smallrye-reactive-messaging#3432, "register a pending reply before sending"). This consumer reads
 * the same reply topic (own group, from the end) and completes the waiting request by quote id;
 * {@link SignerClient} takes whichever of the two answers first. Remove once the fix is in the
 * Quarkus platform.
 */
@ApplicationScoped
public class ReplyRendezvous {

    private static final Logger LOG = Logger.getLogger(ReplyRendezvous.class);

    private final Map<String, CompletableFuture<SigningReply>> waiting = new ConcurrentHashMap<>();
    private final Counter matched;

    public ReplyRendezvous(MeterRegistry registry) {
        this.matched = Counter.builder("quote.signing.replies.rendezvous")
                .description("signer replies delivered by the fallback matcher").register(registry);
    }

    /** Registers interest in the reply for {@code quoteId}; call before sending the request. */
    public CompletableFuture<SigningReply> expect(String quoteId) {
        return waiting.computeIfAbsent(quoteId, id -> new CompletableFuture<>());
    }

    public void forget(String quoteId) {
        waiting.remove(quoteId);
    }

    @Incoming("signing-replies")
    public void onReply(ConsumerRecord<String, String> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        CompletableFuture<SigningReply> future = waiting.remove(record.key());
        if (future == null) {
            return; // another instance's request, or one already answered or given up
        }
        try {
            SigningReply reply = Json.MAPPER.readValue(record.value(), SigningReply.class);
            if (future.complete(reply)) {
                matched.increment();
            }
        } catch (Exception e) {
            LOG.warnf("unreadable signing reply at %s-%d offset %d", record.topic(), record.partition(), record.offset());
        }
    }
}
