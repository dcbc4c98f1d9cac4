package com.partnerplatform.systemtests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP trace receiver (protobuf encoding) standing in for the OpenTelemetry collector:
 * accepts {@code POST /v1/traces}, decodes each {@code ExportTraceServiceRequest} with the
 * official OTLP protobuf classes, and keeps every span with its service's resource attributes.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One received span, flattened: ids in lowercase hex, attribute values as text. */
    public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            Span.SpanKind kind, Map<String, String> attributes, String scope) {

        public String attribute(String key) {
            return attributes.get(key);
        }

        @Override
        public String toString() {
            return service + " " + kind.name().replace("SPAN_KIND_", "") + " '" + name + "' span=" + spanId + " parent="
                    + (parentSpanId.isEmpty() ? "-" : parentSpanId) + " " + attributes;
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final AtomicInteger exports = new AtomicInteger();
    private final AtomicInteger undecodable = new AtomicInteger();

    public OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "otlp-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The base URL to configure as the exporter's endpoint. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body;
            try (InputStream raw = exchange.getRequestBody();
                    InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                            ? new GZIPInputStream(raw) : raw) {
                body = in.readAllBytes();
            }
            try {
                accept(ExportTraceServiceRequest.parseFrom(body));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                undecodable.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            exports.incrementAndGet();
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                exchange.getResponseBody().write(response);
            }
        }
    }

    private void accept(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, String> resource = attributes(resourceSpans.getResource().getAttributesList());
            String service = resource.getOrDefault("service.name", "?");
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    spans.add(new ReceivedSpan(service, hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(), span.getKind(), attributes(span.getAttributesList()), scopeSpans.getScope().getName()));
                }
            }
        }
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : keyValues) {
            map.put(kv.getKey(), text(kv.getValue()));
        }
        return map;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::text).toList().toString();
            default -> value.toString().trim();
        };
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    public int exports() {
        return exports.get();
    }

    public int undecodableExports() {
        return undecodable.get();
    }

    /** Polls until a span matching {@code condition} arrived; the matching spans (possibly empty after the timeout). */
    public List<ReceivedSpan> await(Predicate<ReceivedSpan> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReceivedSpan> found = new ArrayList<>(spans.stream().filter(condition).toList());
            if (!found.isEmpty() || System.nanoTime() > deadline) {
                return found;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
