package com.partnerplatform.quote.expiry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.partnerplatform.events.quote.QuoteEventType;
import com.partnerplatform.quote.quote.QuoteConfig;
import com.partnerplatform.quote.quote.QuoteEvents;
import com.partnerplatform.quote.quote.QuoteRecord;
import com.partnerplatform.quote.quote.QuoteRepository;
import com.partnerplatform.quote.sequence.SequenceGaps;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Marks SIGNED quotes past exp as EXPIRED (readers already see them so; this makes it durable and
 * tells quote.events), and gives up on quotes left PENDING by a request that died mid-signing
 * (FAILED, counted as sequence gaps). Safe on several instances at once: rows are claimed with
 * FOR UPDATE SKIP LOCKED and each transition happens only from the expected status.
 */
@ApplicationScoped
public class ExpiryJob {

    private static final Logger LOG = Logger.getLogger(ExpiryJob.class);
    private static final int BATCH = 500;

    private final QuoteRepository repository;
    private final QuoteEvents events;
    private final SequenceGaps gaps;
    private final QuoteConfig config;
    private final Clock clock;

    public ExpiryJob(QuoteRepository repository, QuoteEvents events, SequenceGaps gaps, QuoteConfig config, Clock clock) {
        this.repository = repository;
        this.events = events;
        this.gaps = gaps;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${quote.expiry.interval}", delayed = "${quote.expiry.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return runOnce().replaceWithVoid();
    }

    /** One pass; returns how many quotes were expired. */
    public Uni<Integer> runOnce() {
        Instant now = clock.instant();
        return repository.expireDue(now, BATCH)
                .invoke(this::announceExpired)
                .flatMap(expired -> repository.failStalePending(now.minus(config.expiry().pendingTimeout()),
                        "signer.unavailable", BATCH)
                        .invoke(this::announceFailed)
                        .map(ignored -> expired.size()))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("expiry pass failed, will retry: %s", e.getClass().getSimpleName());
                    return 0;
                });
    }

    private void announceExpired(List<QuoteRecord> expired) {
        for (QuoteRecord quote : expired) {
            events.emit(quote.quoteId(), QuoteEventType.EXPIRED, quote.partnerQuoteSeq(), quote.kid(), null,
                    quote.correlationId());
        }
        if (!expired.isEmpty()) {
            LOG.infof("%d quote(s) expired", expired.size());
        }
    }

    private void announceFailed(List<QuoteRecord> failed) {
        for (QuoteRecord quote : failed) {
            events.emit(quote.quoteId(), QuoteEventType.FAILED, quote.partnerQuoteSeq(), null, "signer.unavailable",
                    quote.correlationId());
            gaps.unsigned(quote.partnerQuoteSeq(), quote.quoteId(), "FAILED", "signer.unavailable");
        }
    }
}
