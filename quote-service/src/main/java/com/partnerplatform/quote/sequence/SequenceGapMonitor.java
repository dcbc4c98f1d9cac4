package com.partnerplatform.quote.sequence;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.partnerplatform.quote.quote.QuoteRepository;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Recounts sequence gaps from the database into the {@code quote.sequence.gaps} gauge. */
@ApplicationScoped
public class SequenceGapMonitor {

    private static final Logger LOG = Logger.getLogger(SequenceGapMonitor.class);

    private final QuoteRepository repository;
    private final SequenceGaps gaps;

    public SequenceGapMonitor(QuoteRepository repository, SequenceGaps gaps) {
        this.repository = repository;
        this.gaps = gaps;
    }

    @Scheduled(every = "${quote.expiry.gap-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return recount().replaceWithVoid();
    }

    public Uni<QuoteRepository.SequenceCounts> recount() {
        return repository.sequenceCounts()
                .invoke(counts -> gaps.recount(counts.gaps(), counts.allocated(), counts.lastUnsignedSeq()))
                .onFailure().invoke(e -> LOG.warnf("sequence gap count failed: %s", e.getClass().getSimpleName()));
    }
}
