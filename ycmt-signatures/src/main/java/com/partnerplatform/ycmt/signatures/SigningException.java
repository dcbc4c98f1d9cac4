package com.partnerplatform.ycmt.signatures;

/** A custody could not produce a signature. Messages never carry key material or payloads. */
public class SigningException extends Exception {

    public SigningException(String message) {
        super(message);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
