package com.partnerplatform.ycmt.signatures;

/**
 * Input that strict RFC 8785 canonicalisation refuses: not JSON, not I-JSON (RFC 7493: duplicate
 * keys, lone surrogates, integers beyond 2^53-1, numbers that overflow or underflow a double),
 * too large or too deep. The message says which rule failed and where, never the offending text.
 */
public class JcsException extends IllegalArgumentException {

    public JcsException(String message) {
        super(message);
    }

    public JcsException(String message, Throwable cause) {
        super(message, cause);
    }
}
