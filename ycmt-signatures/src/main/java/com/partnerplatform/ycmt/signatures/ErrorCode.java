package com.partnerplatform.ycmt.signatures;

/**
 * Error codes a failed check maps to. The spec-defined ones carry the partner documents' exact
 * strings so an HTTP API can put {@link #code()} straight into a problem+json body. The device
 * spec names no code for a bad signature or a malformed device payload, so two local codes fill
 * that gap; {@link #definedBySpec()} tells them apart so nobody presents them as YCMT codes.
 */
public enum ErrorCode {
    /** Quote spec s.16: the signature does not verify (canonicalisation, key, algorithm, payload bytes). */
    QUOTE_SIGNATURE_INVALID("quote.signatureInvalid", true),
    /** Quote spec s.16: the quote expired before acceptance. */
    QUOTE_EXPIRED("quote.expired", true),
    /** Quote spec s.16: the quote does not match the customer subscription. */
    QUOTE_BINDING_MISMATCH("quote.bindingMismatch", true),
    /** Quote spec s.16: sequence number issue. */
    QUOTE_SEQUENCE_GAP("quote.sequenceGap", true),
    /** Quote spec s.16: pricing outside accepted limits. */
    QUOTE_ENVELOPE_BREACH("quote.envelopeBreach", true),
    /** Quote spec s.16: accepted values differ from signed values. */
    QUOTE_AMOUNT_CHANGED("quote.amountChanged", true),
    /** Quote spec s.16: missing or malformed claim. */
    QUOTE_INVALID("quote.invalid", true),
    /** Device spec s.16: the challenge expired. */
    DEVICE_CHALLENGE_EXPIRED("device.challengeExpired", true),
    /** Device spec s.17: the device must (re-)register. */
    DEVICE_REGISTRATION_REQUIRED("device.registrationRequired", true),
    /** Local code (not in the device spec): a device proof or assertion whose JWS does not verify. */
    DEVICE_SIGNATURE_INVALID("device.signatureInvalid", false),
    /** Local code (not in the device spec): a device proof or assertion with a missing or malformed claim. */
    DEVICE_INVALID("device.invalid", false);

    private final String code;
    private final boolean definedBySpec;

    ErrorCode(String code, boolean definedBySpec) {
        this.code = code;
        this.definedBySpec = definedBySpec;
    }

    /** The wire string, e.g. {@code quote.signatureInvalid}. */
    public String code() {
        return code;
    }

    /** False for the two local device codes the partner documents do not define. */
    public boolean definedBySpec() {
        return definedBySpec;
    }

    @Override
    public String toString() {
        return code;
    }
}
