package com.partnerplatform.ygg.gateway;

import com.partnerplatform.ygg.hmac.UuidV7;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/** One request through the gateway: what has been established about it so far. Confined to its context. */
final class Exchange {

    /** Longest path and method copied into an audit record. */
    private static final int MAX_AUDITED_PATH = 256;
    private static final int MAX_AUDITED_METHOD = 16;

    enum BodyState {
        /** Not read: an early answer must drain it (or close the connection) to keep HTTP/1.1 in step. */
        UNREAD,
        READING,
        /** Read, or abandoned with the connection marked for closing. */
        DONE
    }

    final RoutingContext ctx;
    final HttpServerRequest request;
    final long startNanos;
    final String correlationId;
    final String method;
    /** The request path as received, without the query. */
    final String path;
    /** The path the signatures cover and the upstream receives: {@link #path}, plus {@code "?" + query} if so configured. */
    String signedPath;
    UuidV7 requestId;
    BodyState body = BodyState.UNREAD;
    boolean finished;

    Exchange(RoutingContext ctx, long startNanos, String correlationId) {
        this.ctx = ctx;
        this.request = ctx.request();
        this.startNanos = startNanos;
        this.correlationId = correlationId;
        this.method = request.method().name();
        String rawPath = request.path();
        this.path = rawPath == null ? "" : rawPath;
    }

    String auditedPath() {
        return path.length() <= MAX_AUDITED_PATH ? path : path.substring(0, MAX_AUDITED_PATH);
    }

    String auditedMethod() {
        return method.length() <= MAX_AUDITED_METHOD ? method : method.substring(0, MAX_AUDITED_METHOD);
    }

    /** Canonical request id for the audit key, or null before a valid one was seen (never echo invalid text). */
    String auditedRequestId() {
        return requestId == null ? null : requestId.canonicalText();
    }
}
