package com.partnerplatform.events.ygg;

import java.time.Instant;

/**
 * One YGG Redeem call as the gateway saw it: never the API key, the secret, the signature or the body.
 * {@code outcome} is {@code ACCEPTED} or the YGG error code that rejected it.
 */
public record YggAuditRecord(String requestId, String method, String path, String outcome, int httpStatus,
        long latencyMicros, String correlationId, Instant at) {

    public static final String SCHEMA = "ygg-redeem-audit/v1";
}
