package com.partnerplatform.quote.signing;

/** No reply from the signer in time (or the request could not be sent). Retryable. */
public class SignerUnavailable extends RuntimeException {

    public SignerUnavailable(String message) {
        super(message, null, false, false);
    }
}
