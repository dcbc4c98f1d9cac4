package com.partnerplatform.signer.signing;

/**
 * Error codes on REJECTED replies that the quote spec does not define. Claim problems use the spec's
 * own codes (quote.invalid, quote.expired) from ycmt-signatures' ErrorCode; these cover the envelope
 * and the signer itself.
 */
public final class SignerErrors {

    /** The record is not a readable signing-request/v1 (also sent to the dead-letter topic). */
    public static final String REQUEST_MALFORMED = "request.malformed";
    /** The record is larger than signer.max-request-bytes. */
    public static final String REQUEST_TOO_LARGE = "request.tooLarge";
    /** The custody could not sign (after retries) or no key is ACTIVE; the request may be retried. */
    public static final String SIGNER_UNAVAILABLE = "signer.unavailable";

    private SignerErrors() {
    }
}
