package com.partnerplatform.ygg.gateway;

import static com.partnerplatform.ygg.testing.Gateway.API_KEY;
import static com.partnerplatform.ygg.testing.Gateway.DEDUCT;
import static com.partnerplatform.ygg.testing.Gateway.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.partnerplatform.ygg.client.YggClient;
import com.partnerplatform.ygg.hmac.UuidV7;
import com.partnerplatform.ygg.hmac.YggHmac;
import com.partnerplatform.ygg.testing.Gateway;
import com.partnerplatform.ygg.testing.Gateway.Reply;
import com.partnerplatform.ygg.testing.RawHttp;
import com.partnerplatform.ygg.testing.RecordingUpstream;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Each inbound check answers its own YGG error, in the specified order, and a rejected request never reaches
 * the upstream.
 */
@QuarkusTest
class InboundChecksTest {

    private static final String BODY = "{\"points\":1000,\"address\":\"0x123456\"}";

    @TestHTTPResource("/")
    URL base;

    private Gateway gateway;
    private final RecordingUpstream upstream = RecordingUpstream.shared();
    private int upstreamCountBefore;

    @BeforeEach
    void setUp() {
        gateway = new Gateway(base);
        upstreamCountBefore = upstream.count();
    }

    private void assertRejected(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.errorCode()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.json().get("success").asBoolean(true)).isFalse();
        assertThat(reply.json().get("errorMessage").asText()).isNotBlank();
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("X-API-SIGNATURE")).as("error answers carry no signature").isNull();
        assertThat(upstream.count()).as("a rejected request never reaches the upstream").isEqualTo(upstreamCountBefore);
    }

    private static Map<String, String> headersWith(YggClient.SignedRequest request, String name, String value) {
        Map<String, String> headers = new HashMap<>(request.headers());
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return headers;
    }

    private Reply send(YggClient.SignedRequest request, Map<String, String> headers, String body) {
        return gateway.send(request.method(), request.path(), headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCorrectlySignedRequestPasses() {
        Reply reply = gateway.send(Gateway.ygg().sign("POST", DEDUCT, BODY));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(upstream.count()).isEqualTo(upstreamCountBefore + 1);
    }

    @Test
    void anUnknownPathIsNotFoundEvenWithoutCredentials() {
        assertRejected(gateway.send("POST", "/api/v1/unknown", Map.of(), BODY.getBytes(StandardCharsets.UTF_8)), 404,
                "ERR-NOT-FOUND");
        assertRejected(gateway.send("GET", "/", Map.of(), null), 404, "ERR-NOT-FOUND");
    }

    @Test
    void aKnownPathWithAnotherMethodIsNotFound() {
        YggClient.SignedRequest request = Gateway.ygg().sign("PUT", DEDUCT, BODY);

        assertRejected(gateway.send(request), 404, "ERR-NOT-FOUND");
    }

    @Test
    void aPathThatOnlyMatchesAfterDecodingIsNotFound() {
        String encoded = "/api/v1/deduct%2Dpoints-by-address";
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", encoded, BODY);

        assertRejected(gateway.send(request), 404, "ERR-NOT-FOUND");
    }

    @Test
    void aMissingApiKeyFailsAuthenticationBeforeAnyOtherCheck() {
        assertRejected(gateway.send("POST", DEDUCT, Map.of(), "not json".getBytes(StandardCharsets.UTF_8)), 401,
                "ERR-AUTH-FAILED");
    }

    @Test
    void aWrongApiKeyFailsAuthenticationEvenWithAValidSignature() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);

        assertRejected(send(request, headersWith(request, "X-API-KEY", API_KEY + "x"), BODY), 401, "ERR-AUTH-FAILED");
        assertRejected(send(request, headersWith(request, "X-API-KEY", API_KEY.toUpperCase()), BODY), 401,
                "ERR-AUTH-FAILED");
    }

    @Test
    void theApiKeySentTwiceFailsAuthentication() throws IOException {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);
        RawHttp.Response reply = RawHttp.exchange(gateway.port(), "POST " + DEDUCT + " HTTP/1.1\r\nHost: x\r\n"
                + "X-API-KEY: " + API_KEY + "\r\nX-API-KEY: " + API_KEY + "\r\n"
                + "X-API-REQUEST: " + request.requestId() + "\r\nX-API-SIGNATURE: " + request.signature() + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\nConnection: close",
                BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).contains("\"errorCode\":\"ERR-AUTH-FAILED\"");
        assertThat(upstream.count()).isEqualTo(upstreamCountBefore);
    }

    @Test
    void missingRequestIdOrSignatureIsMissingHeaders() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);

        assertRejected(send(request, headersWith(request, "X-API-REQUEST", null), BODY), 401, "ERR-MISSING-HEADERS");
        assertRejected(send(request, headersWith(request, "X-API-SIGNATURE", null), BODY), 401, "ERR-MISSING-HEADERS");
        assertRejected(send(request, Map.of("X-API-KEY", API_KEY), BODY), 401, "ERR-MISSING-HEADERS");
    }

    @Test
    void aVersion4UuidIsAnInvalidRequestId() {
        String v4 = UUID.randomUUID().toString();
        String signature = YggHmac.of(SECRET).sign("POST", DEDUCT, v4, "{\"address\":\"0x123456\",\"points\":1000}");
        Map<String, String> headers = Map.of("X-API-KEY", API_KEY, "X-API-REQUEST", v4, "X-API-SIGNATURE", signature);

        Reply reply = gateway.send("POST", DEDUCT, headers, BODY.getBytes(StandardCharsets.UTF_8));

        assertRejected(reply, 400, "ERR-INVALID-REQUEST-ID");
        assertThat(reply.json().get("errorMessage").asText()).contains("version must be 7").doesNotContain(v4);
    }

    @Test
    void uuidTextThatJavaWouldParseButRfc9562RejectsIsAnInvalidRequestId() {
        String now = UuidV7.generate(java.time.Clock.systemUTC(), new java.security.SecureRandom()).text();
        String[] malformed = {
            "1-1-1-1-1", // UUID.fromString accepts it
            now.replace("-", ""), // no hyphens
            "{" + now.substring(1, 35) + "}",
            now.substring(0, 14) + "7" + now.substring(15, 19) + "c" + now.substring(20), // variant 110
            now.substring(0, 35) + "g",
            now + "0",
        };
        UUID.fromString("1-1-1-1-1"); // the trap the strict parser avoids
        for (String id : malformed) {
            String signature = YggHmac.of(SECRET).sign("POST", DEDUCT, id, "{\"address\":\"0x123456\",\"points\":1000}");
            Reply reply = gateway.send("POST", DEDUCT,
                    Map.of("X-API-KEY", API_KEY, "X-API-REQUEST", id, "X-API-SIGNATURE", signature),
                    BODY.getBytes(StandardCharsets.UTF_8));
            assertRejected(reply, 400, "ERR-INVALID-REQUEST-ID");
        }
    }

    @Test
    void aRequestIdOlderThanTheWindowIsStale() {
        YggClient.SignedRequest request = Gateway.yggWithClockOffset(Duration.ofMinutes(-6)).sign("POST", DEDUCT, BODY);

        assertRejected(gateway.send(request), 401, "ERR-STALE-REQUEST");
    }

    @Test
    void aRequestIdTooFarInTheFutureIsStale() {
        YggClient.SignedRequest request = Gateway.yggWithClockOffset(Duration.ofMinutes(3)).sign("POST", DEDUCT, BODY);

        assertRejected(gateway.send(request), 401, "ERR-STALE-REQUEST");
    }

    @Test
    void aRequestIdJustInsideTheWindowIsFresh() {
        YggClient.SignedRequest old = Gateway.yggWithClockOffset(Duration.ofMinutes(-4)).sign("POST", DEDUCT, BODY);
        YggClient.SignedRequest ahead = Gateway.yggWithClockOffset(Duration.ofSeconds(30)).sign("POST", DEDUCT, BODY);

        assertThat(gateway.send(old).status()).isEqualTo(200);
        assertThat(gateway.send(ahead).status()).isEqualTo(200);
    }

    @Test
    void staleIsReportedBeforeTheBodyOrSignatureAreLookedAt() {
        YggClient.SignedRequest request = Gateway.yggWithClockOffset(Duration.ofMinutes(-10)).sign("POST", DEDUCT, BODY);

        assertRejected(send(request, headersWith(request, "X-API-SIGNATURE", "00"), "{not json"), 401,
                "ERR-STALE-REQUEST");
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRejectedWith400() {
        String big = "{\"address\":\"" + "a".repeat(70_000) + "\",\"points\":1}";
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, "{}");

        Reply reply = send(request, request.headers(), big);

        assertRejected(reply, 400, "ERR-BODY-TOO-LARGE");
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsRejectedWith400() throws IOException {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, "{}");
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        StringBuilder chunked = new StringBuilder();
        String chunkText = new String(chunk, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 5; i++) {
            chunked.append(Integer.toHexString(chunk.length)).append("\r\n").append(chunkText).append("\r\n");
        }
        chunked.append("0\r\n\r\n");

        RawHttp.Response reply = RawHttp.exchange(gateway.port(), "POST " + DEDUCT + " HTTP/1.1\r\nHost: x\r\n"
                + "X-API-KEY: " + API_KEY + "\r\nX-API-REQUEST: " + request.requestId() + "\r\n"
                + "X-API-SIGNATURE: " + request.signature() + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked", chunked.toString().getBytes(StandardCharsets.ISO_8859_1));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"errorCode\":\"ERR-BODY-TOO-LARGE\"");
        assertThat(upstream.count()).isEqualTo(upstreamCountBefore);
    }

    @Test
    void aHugeDeclaredBodyGetsAYggAnswerWithoutBeingRead() throws IOException {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, "{}");
        String head = "POST " + DEDUCT + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 5000000\r\n";

        RawHttp.Response anonymous = RawHttp.exchange(gateway.port(), head + "Connection: close", new byte[0]);
        RawHttp.Response authenticated = RawHttp.exchange(gateway.port(), head + "X-API-KEY: " + API_KEY + "\r\n"
                + "X-API-REQUEST: " + request.requestId() + "\r\nX-API-SIGNATURE: " + request.signature(), new byte[0]);

        assertThat(anonymous.status()).as("no 413: it is not in the YGG list").isEqualTo(401);
        assertThat(anonymous.body()).contains("ERR-AUTH-FAILED");
        assertThat(authenticated.status()).isEqualTo(400);
        assertThat(authenticated.body()).contains("ERR-BODY-TOO-LARGE");
        assertThat(authenticated.headers().get("connection")).isEqualTo("close");
        assertThat(upstream.count()).isEqualTo(upstreamCountBefore);
    }

    @Test
    void quarkusOwnEndpointsDoNotWaitForAHugeDeclaredBody() throws IOException {
        // nothing of the declared 500 MB is sent: an answer only comes back if no handler tries to buffer it
        RawHttp.Response reply = RawHttp.exchange(gateway.port(), "POST /q/health HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 500000000\r\nConnection: close", new byte[0]);

        assertThat(reply.status()).as("answered without reading the body").isBetween(200, 499);
    }

    @Test
    void aBodyAtTheLimitIsAccepted() {
        String prefix = "{\"address\":\"";
        String suffix = "\",\"points\":1}";
        String body = prefix + "a".repeat(64 * 1024 - prefix.length() - suffix.length()) + suffix;

        Reply reply = gateway.send(Gateway.ygg().sign("POST", DEDUCT, body));

        assertThat(body.length()).isEqualTo(64 * 1024);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsRejectedWithItsPositionButNotItsContent() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);
        String[] bodies = {"{\"address\":\"secret-ish\",", "", "{'a':1}", "[1,]", "{\"a\":01}", "\ufeff{}", "{} {}"};
        for (String body : bodies) {
            Reply reply = send(request, request.headers(), body);
            assertRejected(reply, 400, "ERR-MALFORMED-JSON");
            assertThat(reply.json().get("errorMessage").asText()).doesNotContain("secret-ish");
        }
    }

    @Test
    void bodyBytesThatAreNotUtf8AreMalformed() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};

        assertRejected(gateway.send("POST", DEDUCT, request.headers(), overlong), 400, "ERR-MALFORMED-JSON");
    }

    @Test
    void tooDeeplyNestedJsonIsMalformed() {
        String deep = "[".repeat(65) + "]".repeat(65);
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, "{}");

        assertRejected(send(request, request.headers(), deep), 400, "ERR-MALFORMED-JSON");
    }

    @Test
    void aGetWithABodyIsRejected() {
        YggClient.SignedRequest request = Gateway.ygg().sign("GET", "/api/v1/transactions/ptx-1", null);

        assertRejected(send(request, request.headers(), "{}"), 400, "ERR-MALFORMED-JSON");
    }

    @Test
    void aTamperedBodyFailsTheSignature() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);

        assertRejected(send(request, request.headers(), "{\"points\":100000,\"address\":\"0x123456\"}"), 401,
                "ERR-INVALID-SIGNATURE");
    }

    @Test
    void aSignatureUnderAnotherSecretFails() {
        YggClient.SignedRequest request = YggClient.create(API_KEY, "some-other-secret-0123456789abcdef0123")
                .sign("POST", DEDUCT, BODY);

        assertRejected(gateway.send(request), 401, "ERR-INVALID-SIGNATURE");
    }

    @Test
    void aSignatureForAnotherPathOrMethodFails() {
        YggClient.SignedRequest otherPath = Gateway.ygg().sign("POST", "/api/v1/deduct-points", BODY);
        YggClient.SignedRequest otherMethod = Gateway.ygg().sign("PUT", DEDUCT, BODY);

        assertRejected(gateway.send("POST", DEDUCT, otherPath.headers(), BODY.getBytes(StandardCharsets.UTF_8)), 401,
                "ERR-INVALID-SIGNATURE");
        assertRejected(gateway.send("POST", DEDUCT, otherMethod.headers(), BODY.getBytes(StandardCharsets.UTF_8)), 401,
                "ERR-INVALID-SIGNATURE");
    }

    @Test
    void signatureSyntaxErrorsAreInvalidSignatures() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);
        String good = request.signature();
        for (String bad : new String[] {"", good.substring(2), good + "00", "g" + good.substring(1)}) {
            assertRejected(send(request, headersWith(request, "X-API-SIGNATURE", bad), BODY), 401,
                    "ERR-INVALID-SIGNATURE");
        }
    }

    @Test
    void anUppercaseHexSignatureIsAccepted() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);

        Reply reply = send(request, headersWith(request, "X-API-SIGNATURE", request.signature().toUpperCase()), BODY);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    @Test
    void aQueryStringIsNotPartOfTheSignedPathByDefault() {
        YggClient.SignedRequest signedWithoutQuery = Gateway.ygg().sign("POST", DEDUCT, BODY);
        YggClient.SignedRequest signedWithQuery = Gateway.ygg().sign("POST", DEDUCT + "?points=5", BODY);

        Reply accepted = gateway.send("POST", DEDUCT + "?points=5", signedWithoutQuery.headers(),
                BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(upstream.byRequestId(signedWithoutQuery.requestId()).pathAndQuery())
                .as("an unsigned query is not forwarded").isEqualTo(DEDUCT);

        upstreamCountBefore = upstream.count();
        assertRejected(gateway.send("POST", DEDUCT + "?points=5", signedWithQuery.headers(),
                BODY.getBytes(StandardCharsets.UTF_8)), 401, "ERR-INVALID-SIGNATURE");
    }
}
