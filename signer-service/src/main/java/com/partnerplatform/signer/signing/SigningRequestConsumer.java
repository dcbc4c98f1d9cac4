package com.partnerplatform.signer.signing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

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
 * what may be signed, and answers every readable request exactly once per delivery. A batch is
 * acknowledged - and so its offsets become committable - only after every reply, audit record and
 * dead-letter record of the batch was acknowledged by the broker: at-least-once. A replayed
 * request is signed again and, RS256 being deterministic, yields the same JWS byte for byte
 * (while the same key is ACTIVE).
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
    private final Semaphore inFlight;
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
        this.inFlight = new Semaphore(Math.max(1, config.signing().maxInFlightBatches()));
    }

    /**
     * Signing of the next batch overlaps with the broker acknowledging the previous batch's replies
     * (up to signer.signing.max-in-flight-batches); each batch is acknowledged on its own, and the
     * throttled commit strategy commits an offset only once every record before it is acknowledged.
     */
    @Incoming("signing-requests")
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        return Uni.createFrom().item(() -> {
            acquireInFlightSlot();
            try {
                return process(records);
            } catch (RuntimeException e) {
                inFlight.release();
                throw e;
            }
        })
                .runSubscriptionOn(batchThread)
                .invoke(sends -> awaitAcknowledgements(batch, records, sends))
                .onFailure().call(failure -> {
                    LOG.errorf("could not process a batch of %d signing request(s); offsets stay uncommitted: %s",
                            records.size(), failure.toString());
                    return Uni.createFrom().completionStage(batch.nack(failure));
                })
                .replaceWithVoid();
    }

    private void awaitAcknowledgements(KafkaRecordBatch<String, byte[]> batch, List<KafkaRecord<String, byte[]>> records,
            List<Uni<Void>> sends) {
        Uni<Void> all = sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
        all.subscribe().with(ok -> {
            inFlight.release();
            Instant now = clock.instant();
            records.forEach(r -> metrics.requestToReply(Duration.between(r.getTimestamp(), now)));
            batch.ack();
        }, failure -> {
            inFlight.release();
            LOG.errorf("replies of a batch of %d signing request(s) were not acknowledged; offsets stay uncommitted: %s",
                    records.size(), failure.toString());
            batch.nack(failure);
        });
    }

    private void acquireInFlightSlot() {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for acknowledgements", e);
        }
    }

    private List<Uni<Void>> process(List<KafkaRecord<String, byte[]>> records) {
        awaitKeyRing();
        Instant now = clock.instant();
        Item[] read = new Item[records.size()];
        // parsing and validating the claims costs as much as a fraction of a signature: on every core
        signing.inParallel(records.size(), (from, to) -> {
            for (int i = from; i < to; i++) {
                read[i] = read(records.get(i), now);
            }
        });
        List<Item> items = new ArrayList<>(records.size());
        List<Accepted> accepted = new ArrayList<>();
        for (int i = 0; i < read.length; i++) {
            Item item = read[i] != null ? read[i] : new Item(records.get(i), ReplyRoute.of(records.get(i).getHeaders(),
                    headerNames, allowedReplyTopics), new Poison("unknown", CorrelationId.acceptOrGenerate(null),
                            "the request could not be read"), RequestTrace.of(records.get(i)));
            items.add(item);
            if (item.decision() instanceof Accepted a) {
                accepted.add(a);
            }
        }
        List<SigningService.Result> results = signing.sign(accepted);
        List<Uni<Void>> sends = new ArrayList<>(items.size() * 2);
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
                        sends.add(sender.reply(SigningReply.signed(a.quoteId(), a.correlationId(), s.jws(), s.kid(), repliedAt),
                                item.route(), item.trace()));
                        sends.add(audit.record(a.quoteId(), a.jti(), s.kid(), s.payloadSha256(), SignerAudit.Outcome.SIGNED,
                                null, a.correlationId(), repliedAt, item.trace()));
                        LOG.debugf("signed quote %s with %s", a.quoteId(), s.kid());
                    } else {
                        SigningService.Failed f = (SigningService.Failed) result;
                        metrics.rejected(SignerErrors.SIGNER_UNAVAILABLE);
                        sends.add(sender.reply(SigningReply.rejected(a.quoteId(), a.correlationId(),
                                SignerErrors.SIGNER_UNAVAILABLE, null, "the signer could not sign; retry later", repliedAt),
                                item.route(), item.trace()));
                        sends.add(audit.record(a.quoteId(), a.jti(), null, SignerAudit.payloadSha256(a.claims()),
                                SignerAudit.Outcome.FAILED, SignerErrors.SIGNER_UNAVAILABLE, a.correlationId(), repliedAt, item.trace()));
                        LOG.errorf("quote %s not signed: %s", a.quoteId(), f.detail());
                    }
                } else if (decision instanceof Rejected r) {
                    metrics.rejected(r.code());
                    sends.add(sender.reply(SigningReply.rejected(r.quoteId(), r.correlationId(), r.code(), r.claim(),
                            r.detail(), repliedAt), item.route(), item.trace()));
                    sends.add(audit.record(r.quoteId(), r.jti(), null, SignerAudit.payloadSha256(r.claims()),
                            SignerAudit.Outcome.REJECTED, r.code(), r.correlationId(), repliedAt, item.trace()));
                    LOG.infof("quote %s rejected: %s%s", r.quoteId(), r.code(), r.claim() == null ? "" : " (" + r.claim() + ")");
                } else if (decision instanceof Poison p) {
                    metrics.rejected(SignerErrors.REQUEST_MALFORMED);
                    sends.add(sender.deadLetter(record.getKey(), record.getPayload(), record.getHeaders(), record.getTopic(),
                            record.getPartition(), offset(record), p.reason(), item.trace()));
                    if (item.route().hasRequester()) {
                        sends.add(sender.reply(SigningReply.rejected(p.quoteId(), p.correlationId(),
                                SignerErrors.REQUEST_MALFORMED, null, "not a readable signing-request/v1", repliedAt),
                                item.route(), item.trace()));
                    }
                    sends.add(audit.record(p.quoteId(), null, null, null, SignerAudit.Outcome.MALFORMED,
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
