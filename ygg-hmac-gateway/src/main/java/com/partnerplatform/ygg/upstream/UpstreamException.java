package com.partnerplatform.ygg.upstream;

/** The upstream could not be used: unreachable, too slow, or it answered something unusable. */
public final class UpstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Connection refused or reset, DNS failure, deadline passed. */
        UNAVAILABLE,
        /** Answered, but with a body larger than allowed. */
        INVALID
    }

    private final Kind kind;

    UpstreamException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
