package com.partnerplatform.quote.signing;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.partnerplatform.events.serde.Json;
import com.partnerplatform.events.signing.SigningReply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Matches signer replies on {@code quote.signing.replies} to the requests waiting for them, by
 * quote id (the record key). A request registers here BEFORE it is sent, so a fast reply can never
 * arrive unannounced. Every instance reads every reply (own group, from the end, no commits) and
 * parses only those it is waiting for.
 *
 * <p>Why not SmallRye's KafkaRequestReply: in SmallRye Reactive Messaging 4.33 (Quarkus 3.33) it
 * registers a pending reply only once the broker has acknowledged the request, so under load a
 * fast signer's reply could be polled before that and dropped (fixed upstream by
 * smallrye-reactive-messaging#3432). This matcher was first added beside it; with both, every reply
 * was fetched, decoded and matched twice, so now it is the only one.
 */
@ApplicationScoped
@Default
@Identifier(ReplyRendezvous.ASSIGNMENT_LISTENER)
public class ReplyRendezvous implements KafkaConsumerRebalanceListener {

    /** The channel's {@code consumer-rebalance-listener.name}. */
    public static final String ASSIGNMENT_LISTENER = "quote-signing-replies-assignment";

    private static final Logger LOG = Logger.getLogger(ReplyRendezvous.class);

    private final Map<String, CompletableFuture<SigningReply>> waiting = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstAssignment = new CompletableFuture<>();
    private volatile boolean assigned;
    private final Counter matched;

    public ReplyRendezvous(MeterRegistry registry) {
        this.matched = Counter.builder("quote.signing.replies.matched")
                .description("signer replies matched to a waiting request of this instance").register(registry);
    }

    /** Registers interest in the reply for {@code quoteId}; call before sending the request. */
    public CompletableFuture<SigningReply> expect(String quoteId) {
        return waiting.computeIfAbsent(quoteId, id -> new CompletableFuture<>());
    }

    public void forget(String quoteId) {
        waiting.remove(quoteId);
    }

    /** Whether the reply consumer holds its partitions: until then a reply could be missed. */
    public boolean assigned() {
        return assigned;
    }

    /** Completes once the reply consumer has held partitions for the first time. */
    public CompletableFuture<Void> firstAssignment() {
        return firstAssignment;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            assigned = true;
            firstAssignment.complete(null);
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // a rebalance of this instance's own single-member group: the partitions come straight back
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
