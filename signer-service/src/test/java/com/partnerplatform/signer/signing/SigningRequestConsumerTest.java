package com.partnerplatform.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;
import com.partnerplatform.events.audit.SignerAuditRecord;
import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.signer.Quotes;
import com.partnerplatform.signer.SignerConfig;
import com.partnerplatform.signer.audit.SignerAudit;
import com.partnerplatform.signer.custody.DevBackedCustody;
import com.partnerplatform.signer.keys.InMemoryKeyFeed;
import com.partnerplatform.signer.keys.KeyRing;
import com.partnerplatform.signer.keys.RotationPolicy;
import com.partnerplatform.ycmt.signatures.SigningException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * The consumer's pipeline without a broker: a poll is signed chunk by chunk and each chunk's
 * replies are handed to the producer before the next chunk is signed, while the poll is
 * acknowledged only after the broker acknowledged every reply and audit record of it. The emitters
 * record what is sent and hold each acknowledgement until the test gives it.
 */
class SigningRequestConsumerTest {

    /** Dev keys; every custody call after the first waits for {@link #gate}. */
    static final class GatedCustody extends DevBackedCustody {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch secondCallStarted = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public List<byte[]> signBatch(String kid, List<byte[]> inputs) throws SigningException {
            if (calls.incrementAndGet() > 1) {
                secondCallStarted.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SigningException("interrupted");
                }
            }
            return delegate.signBatch(kid, inputs);
        }
    }

    /** An emitter that records each message when its send starts and acknowledges it when told to. */
    static final class RecordingEmitter {
        final List<Message<?>> sent = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> acks = new CopyOnWriteArrayList<>();

        @SuppressWarnings("unchecked")
        <T> MutinyEmitter<T> emitter() {
            return (MutinyEmitter<T>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MutinyEmitter.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        // like the real emitter, the message goes out when the Uni is subscribed
                        case "sendMessage" -> Uni.createFrom().deferred(() -> {
                            CompletableFuture<Void> ack = new CompletableFuture<>();
                            acks.add(ack);
                            sent.add((Message<?>) args[0]);
                            return Uni.createFrom().completionStage(ack);
                        });
                        case "toString" -> "RecordingEmitter";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(1);
    private final GatedCustody custody = new GatedCustody();
    private final RecordingEmitter replies = new RecordingEmitter();
    private final RecordingEmitter audits = new RecordingEmitter();
    private final CountDownLatch acked = new CountDownLatch(1);
    private final AtomicInteger nacks = new AtomicInteger();

    @AfterEach
    void release() {
        custody.gate.countDown();
        pool.shutdownNow();
    }

    @Test
    void repliesOfTheFirstChunkLeaveBeforeTheNextChunkIsSignedAndThePollIsAckedOnlyAfterEverySend() throws Exception {
        SigningRequestConsumer consumer = consumer();
        List<String> quoteIds = List.of(Quotes.newQuoteId(), Quotes.newQuoteId(), Quotes.newQuoteId());

        consumer.consume(batch(quoteIds)).subscribe().asCompletionStage().get(30, TimeUnit.SECONDS);

        // one signing thread, chunks of one: chunk 2 is being signed (held), chunk 1 is already answered
        assertThat(custody.secondCallStarted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(replies.sent).singleElement().satisfies(m -> {
            SigningReply reply = (SigningReply) m.getPayload();
            assertThat(reply.quoteId()).isEqualTo(quoteIds.get(0));
            assertThat(reply.outcome()).isEqualTo(com.partnerplatform.events.signing.SigningOutcome.SIGNED);
        });
        assertThat(audits.sent).hasSize(1);

        custody.gate.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> replies.sent.size() == 3 && audits.sent.size() == 3);
        assertThat(replies.sent).extracting(m -> ((SigningReply) m.getPayload()).quoteId()).containsExactlyElementsOf(quoteIds);
        assertThat(audits.sent).extracting(m -> ((SignerAuditRecord) m.getPayload()).quoteId())
                .containsExactlyElementsOf(quoteIds);

        // the broker acknowledges all but the last audit record: the poll stays unacknowledged
        List<CompletableFuture<Void>> all = new ArrayList<>(replies.acks);
        all.addAll(audits.acks.subList(0, 2));
        all.forEach(ack -> ack.complete(null));
        assertThat(acked.await(200, TimeUnit.MILLISECONDS)).as("acknowledged before every send was").isFalse();

        audits.acks.get(2).complete(null);
        assertThat(acked.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(nacks.get()).isZero();
    }

    private SigningRequestConsumer consumer() throws Exception {
        KeyRing ring = new KeyRing(custody, new InMemoryKeyFeed(), new RotationPolicy(Duration.ofMinutes(15),
                Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Optional.empty()), Clock.systemUTC());
        ring.start();
        SignerMetrics metrics = new SignerMetrics(new SimpleMeterRegistry());
        SigningService signing = new SigningService(ring, custody, pool, 1, 0, Duration.ofMillis(10), metrics, "signature");
        SignerConfig config = config();
        ReplySender sender = new ReplySender(replies.emitter(), new RecordingEmitter().emitter(), config);
        RequestIntake intake = new RequestIntake(Quotes.PARTNER_ID, Duration.ofMinutes(15), Duration.ofSeconds(30), 16384);
        return new SigningRequestConsumer(intake, signing, ring, sender, new SignerAudit(audits.emitter()), metrics,
                Clock.systemUTC(), config);
    }

    /** signer.* as configured, except chunks of one request. */
    private static SignerConfig config() {
        Map<String, Object> values = Map.of(
                "allowedTopics", List.of(Topics.QUOTE_SIGNING_REPLIES),
                "correlationIdHeader", "REPLY_CORRELATION_ID",
                "topicHeader", "REPLY_TOPIC",
                "partitionHeader", "REPLY_PARTITION",
                "chunkSize", OptionalInt.of(1),
                "maxInFlightRequests", 2048);
        SignerConfig.Reply reply = proxy(SignerConfig.Reply.class, values);
        SignerConfig.Signing signing = proxy(SignerConfig.Signing.class, values);
        return proxy(SignerConfig.class, Map.of("reply", reply, "signing", signing));
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!values.containsKey(method.getName())) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return values.get(method.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private KafkaRecordBatch<String, byte[]> batch(List<String> quoteIds) {
        List<KafkaRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < quoteIds.size(); i++) {
            records.add(record(quoteIds.get(i), i));
        }
        return (KafkaRecordBatch<String, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KafkaRecordBatch.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRecords" -> records;
                    case "ack" -> {
                        acked.countDown();
                        yield CompletableFuture.completedFuture(null);
                    }
                    case "nack" -> {
                        nacks.incrementAndGet();
                        yield CompletableFuture.completedFuture(null);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private KafkaRecord<String, byte[]> record(String quoteId, int offset) {
        byte[] value = Quotes.json(Quotes.request(Quotes.claims(quoteId))).getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add("REPLY_CORRELATION_ID", ("corr-" + offset).getBytes(StandardCharsets.UTF_8));
        headers.add("REPLY_TOPIC", Topics.QUOTE_SIGNING_REPLIES.getBytes(StandardCharsets.UTF_8));
        Instant timestamp = Instant.now();
        return (KafkaRecord<String, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KafkaRecord.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getKey" -> quoteId;
                    case "getPayload" -> value;
                    case "getHeaders" -> headers;
                    case "getTopic" -> Topics.QUOTE_SIGNING_REQUESTS;
                    case "getPartition" -> 0;
                    case "getTimestamp" -> timestamp;
                    case "getMetadata" -> args == null ? org.eclipse.microprofile.reactive.messaging.Metadata.empty() : Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
