package com.partnerplatform.webhook.verification;

/**
 * A delivery was refused. The message is safe to show the caller and to log: it names the rule,
 * never a header value, signature or secret. It carries no stack trace: refusals are expected
 * traffic, not bugs, and an attacker must not be able to make them expensive.
 */
public class VerificationFailure extends Exception {

    private final FailureReason reason;
    private final String deliveryId;

    public VerificationFailure(FailureReason reason, String deliveryId, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
        this.deliveryId = deliveryId;
    }

    public FailureReason reason() {
        return reason;
    }

    /** The delivery id when the id header was present and well formed, else null. */
    public String deliveryId() {
        return deliveryId;
    }
}
