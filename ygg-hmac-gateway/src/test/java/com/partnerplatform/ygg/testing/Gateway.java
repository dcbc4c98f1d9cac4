package com.partnerplatform.ygg.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.ygg.canonical.GetBodyMode;
import com.partnerplatform.ygg.client.YggClient;

/** Calls the running gateway as YGG would, with the credentials of the test profile. */
public final class Gateway {

    public static final String API_KEY = "test-api-key-0123456789abcdef";
    public static final String SECOND_API_KEY = "test-api-key-second-0123456789";
    public static final String SECRET = "test-shared-secret-current-0123456789abcdef";
    public static final String PREVIOUS_SECRET = "test-shared-secret-previous-0123456789abcdef";
    public static final String DEDUCT = "/api/v1/deduct-points-by-address";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    public Gateway(URL base) {
        try {
            this.base = base.toURI();
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    public int port() {
        return base.getPort();
    }

    public String baseUrl() {
        return "http://" + base.getHost() + ":" + base.getPort();
    }

    /** YGG with the current secret and a real clock. */
    public static YggClient ygg() {
        return YggClient.create(API_KEY, SECRET);
    }

    /** YGG whose clock is {@code offset} away from ours (stale or future request ids). */
    public static YggClient yggWithClockOffset(Duration offset) {
        return new YggClient(API_KEY, SECRET, GetBodyMode.DEFAULT, Clock.offset(Clock.systemUTC(), offset),
                new SecureRandom());
    }

    public Reply send(YggClient.SignedRequest request) {
        return send(request, Map.of());
    }

    public Reply send(YggClient.SignedRequest request, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.putAll(extraHeaders);
        return send(request.method(), request.path(), headers,
                request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8));
    }

    public Reply send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        try {
            return sendAsync(method, pathAndQuery, headers, body).join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("request to the gateway failed", e);
        }
    }

    public CompletableFuture<Reply> sendAsync(String method, String pathAndQuery, Map<String, String> headers,
            byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        headers.forEach(builder::header);
        return HTTP.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> new Reply(r.statusCode(), r.headers(), r.body()));
    }

    /** What the gateway answered. */
    public record Reply(int status, HttpHeaders headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        public String errorCode() {
            return json().path("errorCode").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }
}
