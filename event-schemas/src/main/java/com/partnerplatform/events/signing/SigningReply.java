package com.partnerplatform.events.signing;

import java.time.Instant;

/**
 * The signer's terminal answer to a {@link SigningRequest}: {@code SIGNED} with the compact JWS and
 * its kid, or {@code REJECTED} with the spec error code (e.g. {@code quote.invalid}) and the claim
 * that failed. {@code detail} names a rule, never a claim's value.
 */
public record SigningReply(String quoteId, String correlationId, SigningOutcome outcome, String jws, String kid,
        String errorCode, String errorClaim, String detail, Instant repliedAt) {

    public static final String SCHEMA = "signing-reply/v1";

    public static SigningReply signed(String quoteId, String correlationId, String jws, String kid, Instant at) {
        return new SigningReply(quoteId, correlationId, SigningOutcome.SIGNED, jws, kid, null, null, null, at);
    }

    public static SigningReply rejected(String quoteId, String correlationId, String errorCode, String errorClaim,
            String detail, Instant at) {
        return new SigningReply(quoteId, correlationId, SigningOutcome.REJECTED, null, null, errorCode, errorClaim,
                detail, at);
    }
}
