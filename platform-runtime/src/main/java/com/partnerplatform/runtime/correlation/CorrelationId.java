package com.partnerplatform.runtime.correlation;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.Span;

/**
 * The {@code X-Correlation-Id} of the work in progress: taken from the caller when it is a safe
 * token, generated otherwise, put in the logging MDC (so every log line carries it) and on the
 * current span. A caller-supplied value that is not a plain token is replaced, never logged.
 */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";
    public static final String SPAN_ATTRIBUTE = "correlation.id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationId() {
    }

    /** {@code candidate} if it is a safe token, else a new random id. */
    public static String acceptOrGenerate(String candidate) {
        return candidate != null && SAFE.matcher(candidate).matches() ? candidate : UUID.randomUUID().toString();
    }

    /** Makes {@code correlationId} current for logging and tracing. */
    public static void bind(String correlationId) {
        MDC.put(MDC_KEY, correlationId);
        Span.current().setAttribute(SPAN_ATTRIBUTE, correlationId);
    }

    /** The bound correlation id, or null. */
    public static String current() {
        Object value = MDC.get(MDC_KEY);
        return value == null ? null : value.toString();
    }

    public static void clear() {
        MDC.remove(MDC_KEY);
    }
}
