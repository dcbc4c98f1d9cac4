package com.partnerplatform.webhook.verification;

import java.time.Instant;

/**
 * A delivery whose authenticity was proven.
 *
 * @param deliveryId the sender's message id, the same on every retry of one event
 * @param sentAt the sender's signed timestamp of this attempt
 * @param signatureVersion which signature matched, e.g. {@code v1} (HMAC) or {@code v1a} (ed25519)
 */
public record VerifiedDelivery(String deliveryId, Instant sentAt, String signatureVersion) {
}
