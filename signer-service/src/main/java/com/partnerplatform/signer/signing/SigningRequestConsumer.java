package com.partnerplatform.signer.signing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.runtime.correlation.CorrelationId;
import com.partnerplatform.signer.SignerConfig;
import com.partnerplatform.signer.audit.SignerAudit;
import com.partnerplatform.signer.keys.KeyRing;
import com.partnerplatform.signer.signing.RequestIntake.Accepted;
import com.partnerplatform.signer.signing.RequestIntake.Poison;
import com.partnerplatform.signer.signing.RequestIntake.Rejected;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The request/reply endpoint: consumes quote.signing.requests in batches (one poll each), signs
 * what may be signed, and answers every readable request exactly once per delivery.
 *
 * <p>A poll is cut into chunks of a few requests (signer.signing.chunk-size), queued in order on
 * the signing threads; each chunk is read, validated, signed and its replies handed to the
 * producer as soon as that chunk is done, so a request never waits for the rest of its poll, and
 * the next poll is queued behind the current one without waiting for it to finish. A batch is
 * acknowledged - and so its offsets become committable - only after every reply, audit record and
 * dead-letter record of all its chunks was acknowledged by the broker: at-least-once. A replayed
 * request is signed again and, RS256 being deterministic, yields the same JWS byte for byte (while
 * the same key is ACTIVE).
 *
 * <p>A record that cannot be read goes to the dead-letter topic and never stops the consumer.
 */
@ApplicationScoped
public class SigningRequestConsumer {

    private static final Logger LOG = Logger.getLogger(SigningRequestConsumer.class);

    private final RequestIntake intake;
    private final SigningService signing;
    private final KeyRing ring;
    private final ReplySender sender;
    private final SignerAudit audit;
    private final SignerMetrics metrics;
    private final Clock clock;
    private final ReplyRoute.HeaderNames headerNames;
    private final List<String> allowedReplyTopics;
    private final int chunkSize;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final Semaphore queuedChunks;
    private final ExecutorService batchThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "signer-batch");
        t.setDaemon(true);
        return t;
    });

    private record Item(KafkaRecord<String, byte[]> record, ReplyRoute route, RequestIntake.Decision decision, RequestTrace trace) {
    }

    public SigningRequestConsumer(RequestIntake intake, SigningService signing, KeyRing ring, ReplySender sender,
            SignerAudit audit, SignerMetrics metrics, Clock clock, SignerConfig config) {
        this.intake = intake;
        this.signing = signing;
        this.ring = ring;
        this.sender = sender;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.headerNames = new ReplyRoute.HeaderNames(config.reply().correlationIdHeader(), config.reply().topicHeader(),
                config.reply().partitionHeader());
        this.allowedReplyTopics = List.copyOf(config.reply().allowedTopics());
        this.chunkSize = Math.max(1, config.signing().chunkSize().orElse(signing.preferredChunk()));
        this.maxInFlight = Math.max(1, config.signing().maxInFlightRequests());
        this.inFlight = new Semaphore(maxInFlight);
        // one chunk running and one waiting per signing thread: while they are busy, requests wait in
        // the consumer and the next poll is larger, so a custody that amortises a call (Vault) gets
        // fuller chunks under load instead of a queue of tiny ones
        this.queuedChunks = new Semaphore(2 * signing.parallelism());
    }

    /**
     * Queues the batch's chunks on the signing threads and completes: the next poll is taken while
     * this one is signed (up to signer.signing.max-in-flight-requests). Each batch is acknowledged
     * on its own, and the throttled commit strategy commits an offset only once every record before
     * it is acknowledged.
     */
    @Incoming("signing-requests")
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        return Uni.createFrom().item(() -> {
            dispatch(batch, records);
            return null;
        })
                .runSubscriptionOn(batchThread)
                .onFailure().call(failure -> {
                    LOG.errorf("could not process a batch of %d signing request(s); offsets stay uncommitted: %s",
                            records.size(), failure.toString());
                    return Uni.createFrom().completionStage(batch.nack(failure));
                })
                .replaceWithVoid();
    }

    private void dispatch(KafkaRecordBatch<String, byte[]> batch, List<KafkaRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            batch.ack();
            return;
        }
        awaitKeyRing();
        int permits = Math.min(records.size(), maxInFlight);
        acquire(inFlight, permits);
        // a small poll is spread over the signing threads; a large one is cut into chunk-size pieces
        int size = Math.max(1, Math.min(chunkSize, (records.size() + signing.parallelism() - 1) / signing.parallelism()));
        int chunks = (records.size() + size - 1) / size;
        Acknowledgement acknowledgement = new Acknowledgement(batch, records, chunks, permits);
        int submitted = 0;
        try {
            for (int from = 0; from < records.size(); from += size) {
                List<KafkaRecord<String, byte[]>> chunk = records.subList(from, Math.min(records.size(), from + size));
                acquire(queuedChunks, 1);
                Runnable task = () -> {
                    try {
                        acknowledgement.chunkSent(process(chunk));
                    } catch (RuntimeException | Error e) {
                        acknowledgement.chunkFailed(e);
                    } finally {
                        queuedChunks.release();
                    }
                };
                try {
                    signing.submit(task);
                } catch (RuntimeException e) {
                    queuedChunks.release();
                    throw e;
                }
                submitted++;
            }
        } catch (RuntimeException e) {
            // the signing threads are gone (shutting down): what was queued still settles the batch
            for (int i = submitted; i < chunks; i++) {
                acknowledgement.chunkFailed(e);
            }
        }
    }

    private static void acquire(Semaphore semaphore, int permits) {
        try {
            semaphore.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for signing threads or acknowledgements", e);
        }
    }

    /**
     * Settles one batch: acknowledged once every chunk handed over its sends and the broker
     * acknowledged all of them; nacked - offsets stay uncommitted - if any chunk or send failed.
     */
    private final class Acknowledgement {
        private final KafkaRecordBatch<String, byte[]> batch;
        private final List<KafkaRecord<String, byte[]>> records;
        private final int permits;
        private final AtomicInteger pendingChunks;
        private final List<CompletableFuture<Void>> sends = new ArrayList<>();
        private volatile Throwable chunkFailure;

        Acknowledgement(KafkaRecordBatch<String, byte[]> batch, List<KafkaRecord<String, byte[]>> records, int chunks,
                int permits) {
            this.batch = batch;
            this.records = records;
            this.permits = permits;
            this.pendingChunks = new AtomicInteger(chunks);
        }

        void chunkSent(List<CompletableFuture<Void>> chunkSends) {
            synchronized (sends) {
                sends.addAll(chunkSends);
            }
            chunkDone();
        }

        void chunkFailed(Throwable failure) {
            chunkFailure = failure;
            chunkDone();
        }

        private void chunkDone() {
            if (pendingChunks.decrementAndGet() != 0) {
                return;
            }
            CompletableFuture<?>[] all;
            synchronized (sends) {
                all = sends.toArray(CompletableFuture[]::new);
            }
            CompletableFuture.allOf(all).whenComplete((ok, sendFailure) -> {
                inFlight.release(permits);
                Throwable failure = chunkFailure != null ? chunkFailure : sendFailure;
                if (failure == null) {
                    Instant now = clock.instant();
                    records.forEach(r -> metrics.requestToReply(Duration.between(r.getTimestamp(), now)));
                    batch.ack();
                } else {
                    LOG.errorf("a batch of %d signing request(s) was not fully processed and acknowledged; "
                            + "offsets stay uncommitted: %s", records.size(), failure.toString());
                    batch.nack(failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure);
                }
            });
        }
    }

    /** Reads, signs and answers one chunk on the calling signing thread; returns its sends, already started. */
    private List<CompletableFuture<Void>> process(List<KafkaRecord<String, byte[]>> records) {
        Instant now = clock.instant();
        List<Item> items = new ArrayList<>(records.size());
        List<Accepted> accepted = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : records) {
            Item item;
            try {
                item = read(record, now);
            } catch (RuntimeException e) {
                item = new Item(record, ReplyRoute.of(record.getHeaders(), headerNames, allowedReplyTopics),
                        new Poison("unknown", CorrelationId.acceptOrGenerate(null), "the request could not be read"),
                        RequestTrace.of(record));
            }
            items.add(item);
            if (item.decision() instanceof Accepted a) {
                accepted.add(a);
            }
        }
        List<SigningService.Result> results = signing.signHere(accepted);
        List<CompletableFuture<Void>> sends = new ArrayList<>(items.size() * 2);
        int next = 0;
        Instant repliedAt = clock.instant();
        for (Item item : items) {
            KafkaRecord<String, byte[]> record = item.record();
            RequestIntake.Decision decision = item.decision();
            CorrelationId.bind(decision.correlationId());
            try {
                if (item.route().refusedTopic() != null) {
                    LOG.warnf("quote %s named reply topic '%s', which is not in signer.reply.allowed-topics; replying on %s",
                            decision.quoteId(), printable(item.route().refusedTopic()), item.route().topic());
                }
                if (decision instanceof Accepted a) {
                    SigningService.Result result = results.get(next++);
                    if (result instanceof SigningService.Signed s) {
                        metrics.signed(s.kid(), signing.custodyName());
                        send(sends, sender.reply(SigningReply.signed(a.quoteId(), a.correlationId(), s.jws(), s.kid(), repliedAt),
                                item.route(), item.trace()));
                        send(sends, audit.record(a.quoteId(), a.jti(), s.kid(), s.payloadSha256(), SignerAudit.Outcome.SIGNED,
                                null, a.correlationId(), repliedAt, item.trace()));
                        LOG.debugf("signed quote %s with %s", a.quoteId(), s.kid());
                    } else {
                        SigningService.Failed f = (SigningService.Failed) result;
                        metrics.rejected(SignerErrors.SIGNER_UNAVAILABLE);
                        send(sends, sender.reply(SigningReply.rejected(a.quoteId(), a.correlationId(),
                                SignerErrors.SIGNER_UNAVAILABLE, null, "the signer could not sign; retry later", repliedAt),
                                item.route(), item.trace()));
                        send(sends, audit.record(a.quoteId(), a.jti(), null, SignerAudit.payloadSha256(a.claims()),
                                SignerAudit.Outcome.FAILED, SignerErrors.SIGNER_UNAVAILABLE, a.correlationId(), repliedAt, item.trace()));
                        LOG.errorf("quote %s not signed: %s", a.quoteId(), f.detail());
                    }
                } else if (decision instanceof Rejected r) {
                    metrics.rejected(r.code());
                    send(sends, sender.reply(SigningReply.rejected(r.quoteId(), r.correlationId(), r.code(), r.claim(),
                            r.detail(), repliedAt), item.route(), item.trace()));
                    send(sends, audit.record(r.quoteId(), r.jti(), null, SignerAudit.payloadSha256(r.claims()),
                            SignerAudit.Outcome.REJECTED, r.code(), r.correlationId(), repliedAt, item.trace()));
                    LOG.infof("quote %s rejected: %s%s", r.quoteId(), r.code(), r.claim() == null ? "" : " (" + r.claim() + ")");
                } else if (decision instanceof Poison p) {
                    metrics.rejected(SignerErrors.REQUEST_MALFORMED);
                    send(sends, sender.deadLetter(record.getKey(), record.getPayload(), record.getHeaders(), record.getTopic(),
                            record.getPartition(), offset(record), p.reason(), item.trace()));
                    if (item.route().hasRequester()) {
                        send(sends, sender.reply(SigningReply.rejected(p.quoteId(), p.correlationId(),
                                SignerErrors.REQUEST_MALFORMED, null, "not a readable signing-request/v1", repliedAt),
                                item.route(), item.trace()));
                    }
                    send(sends, audit.record(p.quoteId(), null, null, null, SignerAudit.Outcome.MALFORMED,
                            SignerErrors.REQUEST_MALFORMED, p.correlationId(), repliedAt, item.trace()));
                    LOG.warnf("unreadable signing request at %s-%d@%d sent to the dead-letter topic: %s", record.getTopic(),
                            record.getPartition(), offset(record), p.reason());
                }
            } finally {
                CorrelationId.clear();
            }
        }
        return sends;
    }

    /** Starts a send now (an emitter's Uni sends on subscription) and keeps its acknowledgement. */
    private static void send(List<CompletableFuture<Void>> sends, Uni<Void> send) {
        sends.add(send.subscribeAsCompletionStage());
    }

    private Item read(KafkaRecord<String, byte[]> record, Instant now) {
        Headers headers = record.getHeaders();
        ReplyRoute route = ReplyRoute.of(headers, headerNames, allowedReplyTopics);
        RequestIntake.Decision decision = intake.read(record.getKey(), record.getPayload(),
                text(headers, com.partnerplatform.events.Headers.CORRELATION_ID), now);
        return new Item(record, route, decision, RequestTrace.of(record));
    }

    private void awaitKeyRing() {
        try {
            if (!ring.awaitStarted(Duration.ofSeconds(60))) {
                throw new IllegalStateException("key ring did not start within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the key ring", e);
        }
    }

    private static long offset(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @PreDestroy
    void stop() {
        batchThread.shutdown();
    }
}
