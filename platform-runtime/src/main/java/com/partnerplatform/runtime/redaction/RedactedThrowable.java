package com.partnerplatform.runtime.redaction;

/**
 * Stands in for a logged exception: same class name, stack frames and cause chain, with every
 * message passed through {@link SecretRedactor}. Exceptions often quote the input that broke them.
 */
public final class RedactedThrowable extends RuntimeException {

    private final String originalClassName;

    private RedactedThrowable(String originalClassName, String message, Throwable cause) {
        super(message, cause, false, true);
        this.originalClassName = originalClassName;
    }

    public static Throwable of(Throwable thrown) {
        return copy(thrown, 0);
    }

    private static RedactedThrowable copy(Throwable thrown, int depth) {
        if (thrown instanceof RedactedThrowable already) {
            return already;
        }
        Throwable cause = thrown.getCause();
        RedactedThrowable causeCopy = cause == null || cause == thrown || depth > 16 ? null : copy(cause, depth + 1);
        RedactedThrowable redacted = new RedactedThrowable(thrown.getClass().getName(),
                SecretRedactor.redact(thrown.getMessage()), causeCopy);
        redacted.setStackTrace(thrown.getStackTrace());
        for (Throwable suppressed : thrown.getSuppressed()) {
            redacted.addSuppressed(copy(suppressed, depth + 1));
        }
        return redacted;
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClassName : originalClassName + ": " + message;
    }
}
