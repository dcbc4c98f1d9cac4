package com.partnerplatform.ygg.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.partnerplatform.ygg.canonical.GetBodyMode;
import com.partnerplatform.ygg.canonical.JsJsonException;
import com.partnerplatform.ygg.hmac.FreshnessWindow;
import com.partnerplatform.ygg.hmac.UuidV7;
import com.partnerplatform.ygg.hmac.YggHmac;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class YggClientTest {

    private static final Instant NOW = Instant.parse("2025-03-04T05:06:07.089Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final YggClient client = new YggClient("your_api_key", "shared_secret_key", GetBodyMode.DEFAULT, clock,
            new SecureRandom());
    private final YggHmac gateway = YggHmac.of("shared_secret_key");

    @Test
    void signedRequestVerifiesOnTheGatewaySideOverTheCanonicalBody() {
        YggClient.SignedRequest request = client.sign("POST", "/api/v1/deduct-points-by-address",
                "{\"points\": 1000, \"address\": \"0x123456\"}");

        assertThat(request.canonicalBody()).isEqualTo("{\"address\":\"0x123456\",\"points\":1000}");
        assertThat(gateway.verify("POST", "/api/v1/deduct-points-by-address", request.requestId(),
                "{\"address\":\"0x123456\",\"points\":1000}", request.signature())).isTrue();
    }

    @Test
    void requestsCarryTheThreeHeadersWithAFreshUuidV7() {
        YggClient.SignedRequest request = client.sign("POST", "/p", "{}");

        assertThat(request.headers()).containsOnlyKeys("X-API-KEY", "X-API-REQUEST", "X-API-SIGNATURE");
        assertThat(request.headers().get("X-API-KEY")).isEqualTo("your_api_key");
        UuidV7 id = UuidV7.parse(request.headers().get("X-API-REQUEST"));
        assertThat(id.timestamp()).isEqualTo(NOW);
        assertThat(FreshnessWindow.DEFAULT.isFresh(id, clock)).isTrue();
        assertThat(client.sign("POST", "/p", "{}").requestId()).isNotEqualTo(request.requestId());
    }

    @Test
    void getWithoutBodySignsTheConfiguredGetBody() {
        YggClient.SignedRequest request = client.sign("GET", "/api/v1/points", null);

        assertThat(request.body()).isNull();
        assertThat(request.canonicalBody()).isEqualTo("\"\"");
        assertThat(gateway.verify("GET", "/api/v1/points", request.requestId(), "\"\"", request.signature())).isTrue();
    }

    @Test
    void verifiesAResponseSignedOverItsCanonicalBody() {
        YggClient.SignedRequest request = client.sign("POST", "/p", "{\"a\":1}");
        String responseBody = "{\"success\":true,\"partnerTransactionId\":\"tx-1\"}";
        String signature = gateway.sign("POST", "/p", request.requestId(),
                "{\"partnerTransactionId\":\"tx-1\",\"success\":true}");

        assertThat(client.verifyResponse(request, responseBody, signature)).isTrue();
    }

    @Test
    void rejectsAResponseWhoseBodyWasAltered() {
        YggClient.SignedRequest request = client.sign("POST", "/p", "{\"a\":1}");
        String signature = gateway.sign("POST", "/p", request.requestId(), "{\"success\":true}");

        assertThat(client.verifyResponse(request, "{\"success\":false}", signature)).isFalse();
        assertThat(client.verifyResponse(request, "not json", signature)).isFalse();
        assertThat(client.verifyResponse(request, "{\"success\":true}", null)).isFalse();
    }

    @Test
    void rejectsAResponseSignedForAnotherRequest() {
        YggClient.SignedRequest first = client.sign("POST", "/p", "{}");
        YggClient.SignedRequest second = client.sign("POST", "/p", "{}");
        String signatureForFirst = gateway.sign("POST", "/p", first.requestId(), "{\"success\":true}");

        assertThat(client.verifyResponse(second, "{\"success\":true}", signatureForFirst)).isFalse();
    }

    @Test
    void refusesToSignABodyThatJsonParseRejects() {
        assertThatThrownBy(() -> client.sign("POST", "/p", "{\"a\":1,}")).isInstanceOf(JsJsonException.class);
    }

    @Test
    void toStringLeavesOutTheApiKeyAndSignature() {
        YggClient.SignedRequest request = client.sign("POST", "/p", "{}");

        assertThat(request.toString()).doesNotContain("your_api_key").doesNotContain(request.signature());
    }
}
