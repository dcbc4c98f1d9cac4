package com.partnerplatform.events.audit;

import java.time.Instant;

/**
 * One signing outcome. {@code payloadSha256} is the hex SHA-256 of the canonical payload, which
 * identifies what was signed without carrying it.
 */
public record SignerAuditRecord(String quoteId, String jti, String kid, String payloadSha256, String outcome,
        String errorCode, String correlationId, Instant at) {

    public static final String SCHEMA = "signer-audit/v1";
}
