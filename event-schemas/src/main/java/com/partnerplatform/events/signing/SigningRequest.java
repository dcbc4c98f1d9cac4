package com.partnerplatform.events.signing;

import java.time.Instant;
import java.util.Map;

/**
 * A request to sign one quote. {@code claims} are the 22 unsigned quote_signature_v1 claims with
 * their spec names and JSON types (strings and integers only).
 */
public record SigningRequest(String quoteId, String correlationId, Map<String, Object> claims, Instant requestedAt) {

    public static final String SCHEMA = "signing-request/v1";
}
