package com.partnerplatform.webhook.verification;

/**
 * Why a delivery was refused. Malformed requests answer 400; deliveries that are well formed but
 * not authentic, or outside the replay window, answer 401. {@link #tag()} is the metric tag and
 * the quarantine reason an operator alerts on.
 */
public enum FailureReason {

    MISSING_HEADER(400, "webhook.missingHeader", "missing-header"),
    MALFORMED_HEADER(400, "webhook.malformedHeader", "malformed-header"),
    NO_SUPPORTED_SIGNATURE(401, "webhook.unsupportedSignature", "no-supported-signature"),
    SIGNATURE_MISMATCH(401, "webhook.signatureMismatch", "signature-mismatch"),
    TIMESTAMP_TOO_OLD(401, "webhook.stale", "timestamp-too-old"),
    TIMESTAMP_TOO_NEW(401, "webhook.timestampInFuture", "timestamp-too-new");

    private final int httpStatus;
    private final String code;
    private final String tag;

    FailureReason(int httpStatus, String code, String tag) {
        this.httpStatus = httpStatus;
        this.code = code;
        this.tag = tag;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The problem+json {@code code}. */
    public String code() {
        return code;
    }

    public String tag() {
        return tag;
    }
}
