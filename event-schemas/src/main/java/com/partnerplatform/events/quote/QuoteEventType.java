package com.partnerplatform.events.quote;

public enum QuoteEventType {
    CREATED,
    SIGNED,
    REJECTED,
    FAILED,
    EXPIRED
}
