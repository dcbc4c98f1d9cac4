package com.partnerplatform.quote.sequence;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * "Monitor sequence gaps" (quote spec s.10): every partner_quote_seq that will never be a signed
 * quote is counted and logged the moment it is known ({@code quote.sequence.unsigned} counter), and
 * the {@link SequenceGapMonitor} recounts the total from the database ({@code quote.sequence.gaps}
 * gauge), which also catches numbers taken by a request that died before writing its row.
 */
@ApplicationScoped
public class SequenceGaps {

    private static final Logger LOG = Logger.getLogger(SequenceGaps.class);

    private final MeterRegistry registry;
    private final AtomicLong total = new AtomicLong();

    public SequenceGaps(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("quote.sequence.gaps", total);
    }

    /** A number that was allocated and will never be a signed quote. */
    public void unsigned(long seq, String quoteId, String status, String errorCode) {
        Counter.builder("quote.sequence.unsigned").tag("status", status)
                .description("partner_quote_seq numbers that did not become signed quotes").register(registry).increment();
        LOG.warnf("sequence gap: partner_quote_seq %d (%s) ended %s with %s and will not be reused", seq,
                quoteId == null ? "no quote row" : quoteId, status, errorCode);
    }

    /** The database's count of gaps so far; logged when it grows. */
    public void recount(long gaps, long allocated, long lastUnsignedSeq) {
        long before = total.getAndSet(gaps);
        if (gaps > before) {
            LOG.warnf("sequence gaps: %d of %d allocated partner_quote_seq numbers never became signed quotes"
                    + " (+%d since last count; highest unsigned with a row: %d)", gaps, allocated, gaps - before, lastUnsignedSeq);
        }
    }

    public long total() {
        return total.get();
    }
}
