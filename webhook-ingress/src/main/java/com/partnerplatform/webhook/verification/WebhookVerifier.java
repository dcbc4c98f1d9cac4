package com.partnerplatform.webhook.verification;

import java.time.Instant;

/**
 * Decides whether a webhook delivery really comes from YCMT. YCMT's exact mechanism is settled at
 * onboarding, so the scheme is a port: another scheme is one more implementation, chosen with
 * {@code webhook.verification.scheme}. Implementations look only at the raw body bytes and the
 * headers; nothing may parse or re-serialise the body before this has said yes.
 */
public interface WebhookVerifier {

    /** The name {@code webhook.verification.scheme} selects this verifier by. */
    String scheme();

    /**
     * @param headers the request headers (names in any case)
     * @param body the body exactly as received
     * @param now the time the delivery arrived, for the replay window
     * @return the authenticated delivery id and timestamp
     * @throws VerificationFailure when the delivery is malformed (400) or not authentic or stale (401)
     */
    VerifiedDelivery verify(WebhookHeaders headers, byte[] body, Instant now) throws VerificationFailure;
}
