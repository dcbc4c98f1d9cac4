package com.partnerplatform.events.signing;

public enum SigningOutcome {
    SIGNED,
    REJECTED
}
