package com.partnerplatform.ygg.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The partner's redeem API as the gateway's tests see it: a real HTTP server (JDK) on a random port that
 * records every request it receives (method, path and query, headers, body bytes) and answers by path:
 * <ul>
 *   <li>{@code POST /api/v1/deduct-points-by-address}: 200 with a JSON body that is deliberately not in
 *       canonical form (spaces, unsorted keys, {@code 1.50}), plus an X-API-SIGNATURE of its own that must not
 *       reach YGG;</li>
 *   <li>{@code GET /api/v1/transactions/<id>}: 200 with a JSON body naming the id;</li>
 *   <li>{@code /test/status/<n>}: status n with a JSON error body and a planted X-API-SIGNATURE;</li>
 *   <li>{@code /test/not-json}: 200 with a text body; {@code /test/slow}: 200 after 3 s;</li>
 *   <li>anything else: 404.</li>
 * </ul>
 */
public final class RecordingUpstream {

    public static final String PLANTED_UPSTREAM_SIGNATURE = "0000upstream-signature-must-not-leak0000";

    /** One request as the upstream received it; header names lowercase. */
    public record Received(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static RecordingUpstream shared;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger transactions = new AtomicInteger();

    private RecordingUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The one upstream of this test JVM, started on first use. */
    public static synchronized RecordingUpstream shared() {
        if (shared == null) {
            try {
                shared = new RecordingUpstream();
            } catch (IOException e) {
                throw new IllegalStateException("could not start the recording upstream", e);
            }
        }
        return shared;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized int count() {
        return received.size();
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The most recent request whose X-API-REQUEST equals {@code requestId}. */
    public synchronized Received byRequestId(String requestId) {
        for (int i = received.size() - 1; i >= 0; i--) {
            if (requestId.equals(received.get(i).header("X-API-REQUEST"))) {
                return received.get(i);
            }
        }
        throw new AssertionError("the upstream received no request with X-API-REQUEST " + requestId);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                List.copyOf(values)));
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        synchronized (this) {
            received.add(new Received(exchange.getRequestMethod(), query == null ? path : path + "?" + query,
                    headers, body));
        }
        try {
            answer(exchange, path);
        } finally {
            exchange.close();
        }
    }

    private void answer(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/api/v1/deduct-points-by-address")) {
            exchange.getResponseHeaders().add("X-API-SIGNATURE", PLANTED_UPSTREAM_SIGNATURE);
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            send(exchange, 200, "application/json", "{ \"success\" : true, \"partnerTransactionId\" : \"ptx-"
                    + transactions.incrementAndGet() + "\", \"amount\": 1.50, \"note\": \"caf\\u00e9\" }");
        } else if (path.startsWith("/api/v1/transactions/")) {
            String id = path.substring("/api/v1/transactions/".length());
            send(exchange, 200, "application/json", "{\"status\":\"COMPLETED\",\"success\":true,"
                    + "\"partnerTransactionId\":\"" + id + "\"}");
        } else if (path.startsWith("/test/status/")) {
            int status = Integer.parseInt(path.substring("/test/status/".length()));
            exchange.getResponseHeaders().add("X-API-SIGNATURE", PLANTED_UPSTREAM_SIGNATURE);
            send(exchange, status, "application/json", "{\"success\":false,\"errorCode\":\"UPSTREAM-" + status
                    + "\",\"errorMessage\":\"upstream said no\"}");
        } else if (path.equals("/test/not-json")) {
            send(exchange, 200, "text/plain", "OK, points deducted");
        } else if (path.equals("/test/slow")) {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 200, "application/json", "{\"success\":true}");
        } else {
            send(exchange, 404, "application/json", "{\"success\":false,\"errorCode\":\"UPSTREAM-NOT-FOUND\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = status == 204 || status == 304 ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
