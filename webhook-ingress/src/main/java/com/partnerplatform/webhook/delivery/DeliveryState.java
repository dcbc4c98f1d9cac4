package com.partnerplatform.webhook.delivery;

/**
 * Where a verified delivery id stands. RECEIVED is written before the CloudEvent is published and
 * ACCEPTED only after the broker acknowledged it, so a crash in between leaves RECEIVED and the
 * sender's retry publishes the same CloudEvent id again: a duplicate for consumers, never a loss.
 */
public enum DeliveryState {
    RECEIVED,
    ACCEPTED
}
