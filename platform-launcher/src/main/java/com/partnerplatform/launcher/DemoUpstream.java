package com.partnerplatform.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * The partner's redeem service as the local platform fakes it behind the YGG gateway: it deducts
 * nothing and answers every deduction with a fresh transaction id.
 */
public final class DemoUpstream implements AutoCloseable {

    static final int PORT = 8090;
    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    DemoUpstream() {
        this(PORT);
    }

    /** On {@code port} of 127.0.0.1; 0 picks a free one. */
    public DemoUpstream(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("port " + port + " for the demo redeem upstream is taken", e);
        }
        server.createContext("/api/v1/", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"success\":true,\"partnerTransactionId\":\"ptx-" + UUID.randomUUID() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many calls reached the upstream. */
    public int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
