package com.partnerplatform.ygg.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

class ForwardedHeadersTest {

    @Test
    void upstreamRequestsCarryNoCredentialsNoHopByHopAndTheGatewaysOwnFraming() {
        MultiMap received = MultiMap.caseInsensitiveMultiMap()
                .add("x-api-key", "k").add("X-Api-Signature", "s").add("X-API-REQUEST", "as-received")
                .add("Connection", "keep-alive, X-Private").add("X-Private", "p").add("Transfer-Encoding", "chunked")
                .add("Content-Length", "99").add("Content-Type", "text/plain").add("Content-Encoding", "gzip")
                .add("Host", "gateway").add("Upgrade", "h2c").add("Accept", "application/json")
                .add("X-Correlation-Id", "spoofed");

        MultiMap out = ForwardedHeaders.upstreamRequest(received, "01987d64-6519-747b-9200-beba98700464", "corr", true);

        assertThat(out.names()).containsExactlyInAnyOrder("Accept", "X-API-REQUEST", "X-Correlation-Id", "Content-Type");
        assertThat(out.get("x-api-request")).isEqualTo("01987d64-6519-747b-9200-beba98700464");
        assertThat(out.get("x-correlation-id")).isEqualTo("corr");
        assertThat(out.get("content-type")).isEqualTo("application/json");
    }

    @Test
    void aBodilessRequestGetsNoContentType() {
        MultiMap out = ForwardedHeaders.upstreamRequest(MultiMap.caseInsensitiveMultiMap().add("Content-Type", "x"),
                "id", "corr", false);

        assertThat(out.contains("Content-Type")).isFalse();
    }

    @Test
    void aSignedAnswerKeepsNoUpstreamContentHeadersOrSignature() {
        MultiMap upstream = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/json")
                .add("Content-Length", "10").add("X-API-SIGNATURE", "forged").add("Cache-Control", "no-store")
                .add("Content-Encoding", "identity").add("Keep-Alive", "timeout=5");

        assertThat(ForwardedHeaders.downstream(upstream, true).names()).containsExactly("Cache-Control");
        assertThat(ForwardedHeaders.downstream(upstream, false).names())
                .containsExactlyInAnyOrder("Content-Type", "Cache-Control", "Content-Encoding");
    }
}
