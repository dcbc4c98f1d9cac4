package com.partnerplatform.events.webhook;

import java.time.Instant;
import java.util.Map;

/**
 * A delivery that failed verification. {@code headers} exclude signatures and anything secret;
 * the body is represented only by its SHA-256 and length.
 */
public record QuarantineRecord(String deliveryId, String reason, Map<String, String> headers, String bodySha256,
        long bodyLength, Instant receivedAt) {

    public static final String SCHEMA = "webhook-quarantine/v1";
}
