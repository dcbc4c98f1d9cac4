package com.partnerplatform.ygg.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerplatform.ygg.canonical.GetBodyMode;
import com.partnerplatform.ygg.canonical.JsJsonParser;
import com.partnerplatform.ygg.canonical.JsStableStringify;
import com.partnerplatform.ygg.hmac.ApiKeys;
import com.partnerplatform.ygg.hmac.UuidV7;
import com.partnerplatform.ygg.hmac.YggHmac;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe against a minimal partner endpoint built from the same core a gateway would use. */
class YggProbeTest {

    private static final Map<String, String> ENV = Map.of("YGG_API_KEY", "your_api_key",
            "YGG_SHARED_SECRET", "shared_secret_key");
    private static final String RESPONSE = "{\"success\":true,\"partnerTransactionId\":\"tx-42\"}";

    private HttpServer server;
    private volatile boolean tamperResponse;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startPartnerEndpoint() throws IOException {
        ApiKeys apiKeys = ApiKeys.of("your_api_key");
        YggHmac hmac = YggHmac.of("shared_secret_key");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                String path = exchange.getRequestURI().getRawPath();
                String requestId = exchange.getRequestHeaders().getFirst("X-API-REQUEST");
                byte[] body = exchange.getRequestBody().readAllBytes();
                String canonical = body.length == 0 ? GetBodyMode.DEFAULT.canonicalBody()
                        : JsStableStringify.canonicalize(body, JsJsonParser.withDefaultLimits());
                if (!apiKeys.matches(exchange.getRequestHeaders().getFirst("X-API-KEY"))
                        || !UuidV7.isValid(requestId)
                        || !hmac.verify(method, path, requestId, canonical,
                                exchange.getRequestHeaders().getFirst("X-API-SIGNATURE"))) {
                    respond(exchange, 401, "{\"success\":false,\"errorCode\":\"ERR-AUTH-FAILED\"}", null);
                    return;
                }
                String signature = hmac.sign(method, path, requestId, JsStableStringify.canonicalize(RESPONSE));
                respond(exchange, 200, tamperResponse ? RESPONSE.replace("42", "43") : RESPONSE, signature);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body, String signature) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (signature != null) {
            exchange.getResponseHeaders().add("X-API-SIGNATURE", signature);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private int probe(Map<String, String> env, String... args) {
        return YggProbe.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void postWithValidSignaturesBothWaysExitsZero() {
        int status = probe(ENV, "--url", url(), "--path", "/api/v1/deduct-points-by-address",
                "--body", "{\"address\":\"0x123456\",\"points\":1000}");

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("status 200").contains("response signature valid");
    }

    @Test
    void getWithoutBodyExitsZero() {
        assertThat(probe(ENV, "--url", url(), "--path", "/api/v1/points")).isZero();
    }

    @Test
    void tamperedResponseIsReportedAsInvalid() {
        tamperResponse = true;

        int status = probe(ENV, "--url", url(), "--path", "/p", "--body", "{}");

        assertThat(status).isEqualTo(YggProbe.BAD_SIGNATURE);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("response signature INVALID");
    }

    @Test
    void wrongSecretGetsA401AndExitsWithNot200() {
        int status = probe(Map.of("YGG_API_KEY", "your_api_key", "YGG_SHARED_SECRET", "wrong"),
                "--url", url(), "--path", "/p", "--body", "{}");

        assertThat(status).isEqualTo(YggProbe.NOT_200);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("status 401");
    }

    @Test
    void outputNeverContainsTheKeyOrSecret() {
        probe(ENV, "--url", url(), "--path", "/p", "--body", "{}", "--show-body");

        String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(all).doesNotContain("your_api_key").doesNotContain("shared_secret_key");
    }

    @Test
    void missingCredentialsAreAUsageError() {
        assertThat(probe(Map.of(), "--url", url(), "--path", "/p")).isEqualTo(YggProbe.USAGE_OR_TRANSPORT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("YGG_API_KEY");
    }
}
