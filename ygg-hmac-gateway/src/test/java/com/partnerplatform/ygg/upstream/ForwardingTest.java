package com.partnerplatform.ygg.upstream;

import static com.partnerplatform.ygg.testing.Gateway.API_KEY;
import static com.partnerplatform.ygg.testing.Gateway.DEDUCT;
import static com.partnerplatform.ygg.testing.Gateway.PREVIOUS_SECRET;
import static com.partnerplatform.ygg.testing.Gateway.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.partnerplatform.ygg.client.YggClient;
import com.partnerplatform.ygg.hmac.YggHmac;
import com.partnerplatform.ygg.testing.Gateway;
import com.partnerplatform.ygg.testing.Gateway.Reply;
import com.partnerplatform.ygg.testing.RawHttp;
import com.partnerplatform.ygg.testing.RecordingUpstream;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the upstream receives (the verified canonical bytes, never the credentials) and what YGG gets back (a
 * 200 re-serialised canonically and signed with the current secret; anything else unsigned, in the YGG status
 * list).
 */
@QuarkusTest
class ForwardingTest {

    @TestHTTPResource("/")
    URL base;

    private Gateway gateway;
    private final RecordingUpstream upstream = RecordingUpstream.shared();

    @BeforeEach
    void setUp() {
        gateway = new Gateway(base);
    }

    @Test
    void theUpstreamReceivesTheCanonicalBytesThatWereVerifiedWithDuplicateKeysResolvedLastWins() {
        String raw = "{ \"points\": 1, \"address\": \"0x123456\", \"points\": 1000.0, \"memo\": \"caf\\u00e9\\n\" }";
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, raw);

        Reply reply = gateway.send(request);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        RecordingUpstream.Received received = upstream.byRequestId(request.requestId());
        assertThat(received.bodyText()).isEqualTo("{\"address\":\"0x123456\",\"memo\":\"caf\u00e9\\n\",\"points\":1000}");
        assertThat(received.body()).isEqualTo(request.canonicalBody().getBytes(StandardCharsets.UTF_8));
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.pathAndQuery()).isEqualTo(DEDUCT);
    }

    @Test
    void theUpstreamNeverSeesTheApiKeyOrSignatureButGetsTheRequestAndCorrelationIds() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, "{\"address\":\"0x1\",\"points\":1}");

        Reply reply = gateway.send(request, Map.of("X-Correlation-Id", "corr-forwarding-1", "X-Partner-Trace", "t-1"));

        RecordingUpstream.Received received = upstream.byRequestId(request.requestId());
        assertThat(received.headers()).doesNotContainKeys("x-api-key", "x-api-signature");
        assertThat(received.headers().toString()).doesNotContain(API_KEY).doesNotContain(request.signature());
        assertThat(received.header("X-API-REQUEST")).isEqualTo(request.requestId());
        assertThat(received.header("X-Correlation-Id")).isEqualTo("corr-forwarding-1");
        assertThat(reply.header("X-Correlation-Id")).isEqualTo("corr-forwarding-1");
        assertThat(received.header("Content-Type")).isEqualTo("application/json");
        assertThat(received.header("X-Partner-Trace")).as("end-to-end headers pass").isEqualTo("t-1");
    }

    @Test
    void anUnsafeCorrelationIdIsReplacedByAGeneratedOne() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, "{\"address\":\"0x1\",\"points\":2}");

        Reply reply = gateway.send(request, Map.of("X-Correlation-Id", "bad id with spaces"));

        String generated = upstream.byRequestId(request.requestId()).header("X-Correlation-Id");
        assertThat(generated).isNotEqualTo("bad id with spaces").matches("[0-9a-f-]{36}");
        assertThat(reply.header("X-Correlation-Id")).isEqualTo(generated);
    }

    @Test
    void hopByHopHeadersAreDroppedIncludingThoseTheConnectionHeaderNames() throws IOException {
        String body = "{\"address\":\"0x2\",\"points\":3}";
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, body);

        RawHttp.Response reply = RawHttp.exchange(gateway.port(), "POST " + DEDUCT + " HTTP/1.1\r\nHost: gateway\r\n"
                + "x-api-key: " + API_KEY + "\r\nx-api-request: " + request.requestId() + "\r\n"
                + "x-api-signature: " + request.signature() + "\r\ncontent-type: application/json\r\n"
                + "Connection: close, X-Hop-Secret\r\nX-Hop-Secret: do-not-forward\r\nKeep-Alive: timeout=5\r\n"
                + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\nTE: trailers\r\n"
                + "Content-Length: " + body.length(), body.getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        RecordingUpstream.Received received = upstream.byRequestId(request.requestId());
        assertThat(received.headers()).doesNotContainKeys("x-hop-secret", "keep-alive", "proxy-authorization", "te");
        assertThat(received.header("Host")).isNotEqualTo("gateway");
    }

    @Test
    void lowercaseHeaderNamesAreAccepted() throws IOException {
        String body = "{\"address\":\"0x3\",\"points\":4}";
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, body);

        RawHttp.Response reply = RawHttp.exchange(gateway.port(), "POST " + DEDUCT + " HTTP/1.1\r\nhost: x\r\n"
                + "x-api-key: " + API_KEY + "\r\nx-api-request: " + request.requestId() + "\r\n"
                + "x-api-signature: " + request.signature() + "\r\ncontent-type: application/json\r\n"
                + "content-length: " + body.length() + "\r\nconnection: close", body.getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(YggHmac.of(SECRET).verify("POST", DEDUCT, request.requestId(), reply.body(),
                reply.headers().get("x-api-signature"))).isTrue();
    }

    @Test
    void mixedCaseHeaderNamesAreAccepted() throws IOException {
        String body = "{\"address\":\"0x4\",\"points\":4}";
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, body);

        RawHttp.Response reply = RawHttp.exchange(gateway.port(), "POST " + DEDUCT + " HTTP/1.1\r\nHost: x\r\n"
                + "X-Api-Key: " + API_KEY + "\r\nx-API-request: " + request.requestId() + "\r\n"
                + "X-API-Signature: " + request.signature() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close", body.getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void aSuccessfulAnswerIsReserialisedCanonicallyAndSignedOverExactlyTheBytesSent() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, "{\"address\":\"0x5\",\"points\":7}");

        Reply reply = gateway.send(request);

        assertThat(reply.status()).isEqualTo(200);
        String text = reply.text();
        assertThat(text).matches("\\{\"amount\":1\\.5,\"note\":\"caf\u00e9\",\"partnerTransactionId\":\"ptx-\\d+\","
                + "\"success\":true}");
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        String signature = reply.header("X-API-SIGNATURE");
        assertThat(signature).matches("[0-9a-f]{64}").isNotEqualTo(RecordingUpstream.PLANTED_UPSTREAM_SIGNATURE);
        assertThat(YggHmac.of(SECRET).sign("POST", DEDUCT, request.requestId(), text)).isEqualTo(signature);
        assertThat(Gateway.ygg().verifyResponse(request, text, signature)).isTrue();
        assertThat(reply.header("Cache-Control")).as("other upstream headers pass").isEqualTo("no-store");
    }

    @Test
    void aGetIsForwardedWithoutBodyAndItsAnswerSigned() {
        YggClient.SignedRequest request = Gateway.ygg().sign("GET", "/api/v1/transactions/ptx-77", null);

        Reply reply = gateway.send(request);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo("{\"partnerTransactionId\":\"ptx-77\",\"status\":\"COMPLETED\",\"success\":true}");
        assertThat(Gateway.ygg().verifyResponse(request, reply.text(), reply.header("X-API-SIGNATURE"))).isTrue();
        RecordingUpstream.Received received = upstream.byRequestId(request.requestId());
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.body()).isEmpty();
        assertThat(received.pathAndQuery()).isEqualTo("/api/v1/transactions/ptx-77");
    }

    @Test
    void duringRotationTheOldSecretIsAcceptedButAnswersAreSignedWithTheCurrentOne() {
        YggClient old = YggClient.create(API_KEY, PREVIOUS_SECRET);
        YggClient.SignedRequest request = old.sign("POST", DEDUCT, "{\"address\":\"0x6\",\"points\":8}");

        Reply reply = gateway.send(request);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        String signature = reply.header("X-API-SIGNATURE");
        assertThat(YggHmac.of(SECRET).verify("POST", DEDUCT, request.requestId(), reply.text(), signature)).isTrue();
        assertThat(YggHmac.of(PREVIOUS_SECRET).verify("POST", DEDUCT, request.requestId(), reply.text(), signature))
                .isFalse();
    }

    @Test
    void theSecondApiKeyIsAcceptedToo() {
        YggClient second = YggClient.create(Gateway.SECOND_API_KEY, SECRET);

        assertThat(gateway.send(second.sign("POST", DEDUCT, "{\"address\":\"0x7\",\"points\":9}")).status())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "upstream {0} -> {1}")
    @CsvSource({"400,400", "401,401", "404,404", "429,429", "500,500", "409,400", "422,400", "403,400", "502,500",
        "503,500", "504,500"})
    void nonSuccessAnswersPassBackUnsignedWithTheStatusInTheYggList(int upstreamStatus, int expected) {
        String path = "/test/status/" + upstreamStatus;
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", path, "{\"address\":\"0x8\",\"points\":1}");

        Reply reply = gateway.send(request);

        assertThat(reply.status()).isEqualTo(expected);
        assertThat(reply.header("X-API-SIGNATURE")).isNull();
        assertThat(reply.errorCode()).as("the upstream's own body").isEqualTo("UPSTREAM-" + upstreamStatus);
        assertThat(upstream.byRequestId(request.requestId()).pathAndQuery()).isEqualTo(path);
    }

    @ParameterizedTest(name = "upstream {0} -> 500")
    @CsvSource({"201", "204", "302"})
    void successOrRedirectStatusesOtherThan200AreInvalidUpstreamAnswers(int upstreamStatus) {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", "/test/status/" + upstreamStatus, "{}");

        Reply reply = gateway.send(request);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.errorCode()).isEqualTo("ERR-UPSTREAM-INVALID");
        assertThat(reply.header("X-API-SIGNATURE")).isNull();
    }

    @Test
    void a200ThatIsNotJsonIsAnInvalidUpstreamAnswerNeverAnUnsigned200() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", "/test/not-json", "{\"a\":1}");

        Reply reply = gateway.send(request);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.errorCode()).isEqualTo("ERR-UPSTREAM-INVALID");
        assertThat(reply.header("X-API-SIGNATURE")).isNull();
        assertThat(upstream.byRequestId(request.requestId())).isNotNull();
    }

    @Test
    void anUpstreamSlowerThanTheDeadlineIsUnavailable() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", "/test/slow", "{\"a\":1}");

        Reply reply = gateway.send(request); // the upstream would answer 200 after 3 s; the test deadline is 1 s

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.errorCode()).isEqualTo("ERR-UPSTREAM-UNAVAILABLE");
    }

    @Test
    void anUnreachableUpstreamIsUnavailable() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", "/test/dead", "{\"a\":1}");

        Reply reply = gateway.send(request);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.errorCode()).isEqualTo("ERR-UPSTREAM-UNAVAILABLE");
    }
}
