package com.partnerplatform.quote.pricing;

/**
 * The engine will not price this request. The message names the rule, never the customer's values
 * beyond what the caller sent; {@link #reason()} decides the HTTP answer.
 */
public class PricingRefused extends RuntimeException {

    /** Why pricing was refused. */
    public enum Reason {
        /** No such corridor in the catalogue. */
        UNKNOWN_CORRIDOR,
        /** The request's currencies are not the corridor's. */
        CURRENCY_MISMATCH,
        /** No rate for the corridor's pair, or one older than the configured maximum age. */
        RATE_UNAVAILABLE,
        /** The price would leave the commercial envelope (quote spec s.16 quote.envelopeBreach). */
        ENVELOPE_BREACH
    }

    private final Reason reason;

    public PricingRefused(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
