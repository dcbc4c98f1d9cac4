package com.partnerplatform.ygg.gateway;

import static com.partnerplatform.ygg.testing.Gateway.API_KEY;
import static com.partnerplatform.ygg.testing.Gateway.DEDUCT;
import static com.partnerplatform.ygg.testing.Gateway.SECOND_API_KEY;
import static com.partnerplatform.ygg.testing.Gateway.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.partnerplatform.ygg.canonical.GetBodyMode;
import com.partnerplatform.ygg.client.YggClient;
import com.partnerplatform.ygg.testing.Gateway;
import com.partnerplatform.ygg.testing.Gateway.Reply;
import com.partnerplatform.ygg.testing.RecordingUpstream;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The two readings the YGG text leaves open, switched to their alternatives (query signed and forwarded, GET
 * signing the empty string), and a per-key rate limit small enough to run out.
 */
@QuarkusTest
@TestProfile(AlternativeSigningTest.Alternatives.class)
class AlternativeSigningTest {

    public static class Alternatives implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ygg.signature.include-query", "true",
                    "ygg.signature.get-body", "empty",
                    "ygg.rate-limit.requests-per-second", "0.01",
                    "ygg.rate-limit.burst", "6");
        }
    }

    @TestHTTPResource("/")
    URL base;

    private Gateway gateway;
    private final RecordingUpstream upstream = RecordingUpstream.shared();

    @BeforeEach
    void setUp() {
        gateway = new Gateway(base);
    }

    @Test
    void theQueryIsSignedAndForwardedWhenConfigured() {
        String pathAndQuery = DEDUCT + "?campaign=spring%20sale&x=1";
        YggClient.SignedRequest signed = Gateway.ygg().sign("POST", pathAndQuery, "{\"address\":\"0x9\",\"points\":1}");
        YggClient.SignedRequest signedWithoutQuery = Gateway.ygg().sign("POST", DEDUCT, "{\"address\":\"0x9\",\"points\":1}");

        Reply accepted = gateway.send(signed);
        Reply rejected = gateway.send("POST", pathAndQuery, signedWithoutQuery.headers(),
                signedWithoutQuery.body().getBytes(StandardCharsets.UTF_8));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(upstream.byRequestId(signed.requestId()).pathAndQuery()).isEqualTo(pathAndQuery);
        assertThat(Gateway.ygg().verifyResponse(signed, accepted.text(), accepted.header("X-API-SIGNATURE")))
                .as("the answer is signed over the same path, query included").isTrue();
        assertThat(rejected.errorCode()).isEqualTo("ERR-INVALID-SIGNATURE");
    }

    @Test
    void aGetSignsTheEmptyStringWhenConfigured() {
        YggClient empty = new YggClient(API_KEY, SECRET, GetBodyMode.EMPTY, Clock.systemUTC(), new SecureRandom());
        YggClient.SignedRequest request = empty.sign("GET", "/api/v1/transactions/ptx-5", null);
        YggClient.SignedRequest literal = Gateway.ygg().sign("GET", "/api/v1/transactions/ptx-5", null);

        Reply accepted = gateway.send(request);
        Reply rejected = gateway.send(literal);

        assertThat(request.canonicalBody()).isEmpty();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(rejected.errorCode()).isEqualTo("ERR-INVALID-SIGNATURE");
    }

    @Test
    void aKeyThatRanOutOfTokensIsRateLimitedBeforeItsHeadersAreChecked() {
        int before = upstream.count();
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            replies.add(gateway.send("POST", DEDUCT, Map.of("X-API-KEY", SECOND_API_KEY), "{}".getBytes(StandardCharsets.UTF_8)));
        }
        Reply otherKey = gateway.send("POST", DEDUCT, Map.of("X-API-KEY", API_KEY), "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(replies.subList(0, 6)).extracting(Reply::errorCode).containsOnly("ERR-MISSING-HEADERS");
        assertThat(replies.subList(6, 9)).extracting(Reply::status).containsOnly(429);
        assertThat(replies.subList(6, 9)).extracting(Reply::errorCode).containsOnly("ERR-RATE-LIMITED");
        assertThat(replies.get(8).header("Retry-After")).isEqualTo("1");
        assertThat(replies.get(8).header("X-API-SIGNATURE")).isNull();
        assertThat(otherKey.errorCode()).as("another key has its own bucket").isEqualTo("ERR-MISSING-HEADERS");
        assertThat(upstream.count()).isEqualTo(before);
    }

    @Test
    void anUnknownKeyIsNotRateLimitedButRejected() {
        for (int i = 0; i < 8; i++) {
            assertThat(gateway.send("POST", DEDUCT, Map.of("X-API-KEY", "unknown-key-0123456789"), new byte[0])
                    .errorCode()).isEqualTo("ERR-AUTH-FAILED");
        }
    }
}
