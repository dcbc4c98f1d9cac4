package com.partnerplatform.ygg.gateway;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.vertx.core.MultiMap;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 section 7.6.1, plus any the Connection header
 * names) never do; the YGG credentials never reach the upstream; framing and content headers are the gateway's
 * own, because it sends bytes it produced (the canonical body), not the bytes it received.
 */
final class ForwardedHeaders {

    static final String API_KEY = "X-API-KEY";
    static final String REQUEST_ID = "X-API-REQUEST";
    static final String SIGNATURE = "X-API-SIGNATURE";
    static final String CORRELATION_ID = "X-Correlation-Id";
    static final String JSON = "application/json";

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "http2-settings");

    /** Never forwarded upstream: hop-by-hop, credentials, and what the gateway sets itself. */
    private static final Set<String> NOT_UPSTREAM = union(HOP_BY_HOP, Set.of("host", "content-length",
            "content-type", "content-encoding", "expect", "x-api-key", "x-api-signature", "x-api-request",
            "x-correlation-id"));

    /** Never passed back from an upstream error answer. */
    private static final Set<String> NOT_DOWNSTREAM = union(HOP_BY_HOP, Set.of("content-length",
            "x-api-signature", "x-api-key", "x-correlation-id"));

    /** Never passed back with a signed 200: the gateway sets the content headers of the bytes it signed. */
    private static final Set<String> NOT_DOWNSTREAM_SIGNED = union(NOT_DOWNSTREAM, Set.of("content-type",
            "content-encoding"));

    private ForwardedHeaders() {
    }

    /** Headers for the upstream request. */
    static MultiMap upstreamRequest(MultiMap received, String requestId, String correlationId, boolean withBody) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        copy(received, out, NOT_UPSTREAM);
        out.set(REQUEST_ID, requestId);
        out.set(CORRELATION_ID, correlationId);
        if (withBody) {
            out.set("Content-Type", JSON);
        }
        return out;
    }

    /** Upstream response headers that may be passed back; {@code signed} for a 200 the gateway re-serialised. */
    static MultiMap downstream(MultiMap upstream, boolean signed) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        copy(upstream, out, signed ? NOT_DOWNSTREAM_SIGNED : NOT_DOWNSTREAM);
        return out;
    }

    /** Names compared ignoring case without lower-casing a copy of every header name of every request. */
    private static void copy(MultiMap from, MultiMap to, Set<String> excluded) {
        Set<String> listedInConnection = connectionTokens(from);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (!excluded.contains(name) && !listedInConnection.contains(name)) {
                to.add(name, header.getValue());
            }
        }
    }

    private static Set<String> connectionTokens(MultiMap headers) {
        List<String> values = headers.getAll("Connection");
        if (values.isEmpty()) {
            return Set.of();
        }
        Set<String> tokens = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String value : values) {
            for (String token : value.split(",")) {
                String t = token.strip();
                if (!t.isEmpty()) {
                    tokens.add(t);
                }
            }
        }
        return tokens;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        all.addAll(a);
        all.addAll(b);
        return Collections.unmodifiableSet(all);
    }
}
