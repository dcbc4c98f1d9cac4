package com.partnerplatform.webhook.delivery;

import java.time.Instant;

/**
 * The outcome of claiming a verified delivery id.
 *
 * @param state RECEIVED: publish (first receipt, or a retry of one never acknowledged); ACCEPTED: a duplicate
 * @param bodyMatches whether this body's digest equals the one first recorded for the id
 * @param firstReceivedAt when the id was first recorded (stable across retries)
 */
public record Claim(DeliveryState state, boolean bodyMatches, Instant firstReceivedAt) {

    public boolean alreadyAccepted() {
        return state == DeliveryState.ACCEPTED;
    }
}
