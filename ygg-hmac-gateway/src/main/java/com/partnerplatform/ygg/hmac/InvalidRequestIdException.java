package com.partnerplatform.ygg.hmac;

/** An X-API-REQUEST value that is not a UUIDv7 in RFC 9562 text form. The message never repeats the value. */
public final class InvalidRequestIdException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidRequestIdException(String reason) {
        super("X-API-REQUEST is not a UUIDv7: " + reason);
    }
}
