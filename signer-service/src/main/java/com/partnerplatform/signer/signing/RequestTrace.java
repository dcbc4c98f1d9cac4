package com.partnerplatform.signer.signing;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.TracingMetadata;

/**
 * Carries the trace of a consumed signing request onto every record sent on its behalf (reply,
 * audit record, dead letter). The Kafka source puts the request's consumer span into the record's
 * {@link TracingMetadata}; the Kafka sinks parent their producer span on the "current" context of
 * an outgoing message's TracingMetadata. Without it they would fall back to the sending thread's
 * context, which on the batch-signing thread is empty: every send would start a trace of its own.
 */
public final class RequestTrace {

    private final TracingMetadata consumed;

    private RequestTrace(TracingMetadata consumed) {
        this.consumed = consumed;
    }

    /** The trace the request was consumed in; none when tracing is off. */
    public static RequestTrace of(Message<?> request) {
        return new RequestTrace(request.getMetadata(TracingMetadata.class).orElse(null));
    }

    /** A request that is not traced (tests, replays by hand). */
    public static RequestTrace none() {
        return new RequestTrace(null);
    }

    /** {@code message}, whose producer span will be a child of the request's consumer span. */
    public <T> Message<T> parent(Message<T> message) {
        if (consumed == null || consumed.getCurrentContext() == null) {
            return message;
        }
        return message.addMetadata(TracingMetadata.withCurrent(consumed.getCurrentContext()));
    }
}
