package com.partnerplatform.events.quote;

import java.time.Instant;

/** Quote lifecycle for internal consumers: identifiers and outcome, no pricing or personal data. */
public record QuoteEvent(String quoteId, QuoteEventType type, long partnerQuoteSeq, String kid, String errorCode,
        String correlationId, Instant occurredAt) {

    public static final String SCHEMA = "quote-event/v1";
}
