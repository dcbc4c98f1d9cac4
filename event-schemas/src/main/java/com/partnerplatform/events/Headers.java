package com.partnerplatform.events;

/** Kafka header names shared by every producer and consumer. */
public final class Headers {

    /** The request's correlation id, also carried as a span attribute and in every log line. */
    public static final String CORRELATION_ID = "X-Correlation-Id";
    /** W3C trace context (written by OpenTelemetry's Kafka instrumentation). */
    public static final String TRACEPARENT = "traceparent";
    /** The schema name and version of the record value, e.g. {@code signing-request/v1}. */
    public static final String SCHEMA = "schema";

    private Headers() {
    }
}
