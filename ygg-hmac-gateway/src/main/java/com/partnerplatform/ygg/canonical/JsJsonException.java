package com.partnerplatform.ygg.canonical;

/**
 * A body that {@code JSON.parse} would reject, or one outside the configured limits. The message names the
 * problem and where it is, never the body's content (bodies may carry personal data or be crafted for log
 * injection).
 */
public final class JsJsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong; an HTTP layer maps {@link #TOO_LARGE} to 413 and the others to 400. */
    public enum Kind {
        /** Not JSON as {@code JSON.parse} accepts it. */
        SYNTAX,
        /** Byte input that is not well-formed UTF-8 (overlong forms, encoded surrogates, truncation). */
        INVALID_UTF8,
        /** Input longer than {@link JsJsonParser.Limits#maxLength()}. */
        TOO_LARGE,
        /** Arrays/objects nested deeper than {@link JsJsonParser.Limits#maxDepth()}. */
        TOO_DEEP
    }

    private final Kind kind;
    private final long position;
    private final String reason;

    JsJsonException(Kind kind, String reason, long position, boolean byteInput) {
        // No stack trace: these are routine rejections of untrusted input, created on a hot path.
        super(describe(kind, reason, position, byteInput), null, false, false);
        this.kind = kind;
        this.position = position;
        this.reason = reason;
    }

    private static String describe(Kind kind, String reason, long position, boolean byteInput) {
        String where = byteInput ? "byte offset " : "index ";
        return switch (kind) {
            case SYNTAX -> "Invalid JSON at " + where + position + ": " + reason;
            case INVALID_UTF8 -> "Invalid UTF-8 at byte offset " + position + ": " + reason;
            case TOO_LARGE, TOO_DEEP -> "JSON rejected at " + where + position + ": " + reason;
        };
    }

    public Kind kind() {
        return kind;
    }

    /** Where the problem was found: a byte offset for byte input, a UTF-16 index for String input. */
    public long position() {
        return position;
    }

    /** The problem without the position, e.g. {@code "leading zeros are not allowed"}. */
    public String reason() {
        return reason;
    }
}
