package com.partnerplatform.ygg.gateway;

import static com.partnerplatform.ygg.testing.Gateway.API_KEY;
import static com.partnerplatform.ygg.testing.Gateway.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.ygg.testing.NodeInterop;
import com.partnerplatform.ygg.testing.RecordingUpstream;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Conformance against an independent implementation: {@code src/test/node/ygg-conformance.js} plays YGG Redeem
 * exactly as the spec's reference snippet is written (node crypto, npm json-stable-stringify, a UUIDv7 from npm
 * uuid), signs requests to the running gateway and checks its response signatures itself.
 */
@QuarkusTest
class NodeConformanceTest {

    @TestHTTPResource("/")
    URL base;

    private static Map<String, JsonNode> results;

    @BeforeAll
    static void requireNode() {
        NodeInterop.requireNode();
    }

    private Map<String, JsonNode> results() throws Exception {
        if (results == null) {
            String baseUrl = "http://" + base.getHost() + ":" + base.getPort();
            String out = NodeInterop.runScript("ygg-conformance.js", List.of(baseUrl),
                    Map.of("YGG_API_KEY", API_KEY, "YGG_SHARED_SECRET", SECRET));
            Map<String, JsonNode> byName = new HashMap<>();
            for (JsonNode result : Json.MAPPER.readTree(out)) {
                byName.put(result.get("name").asText(), result);
            }
            results = byName;
        }
        return results;
    }

    @Test
    void thePostOfTheSpecExampleIsAcceptedAndItsAnswerVerifiesWithNodeCrypto() throws Exception {
        JsonNode post = results().get("post-spec-example");

        assertThat(post.get("status").asInt()).as(post.toString()).isEqualTo(200);
        assertThat(post.get("signatureValid").asBoolean()).isTrue();
        assertThat(post.get("bodyIsStableStringified").asBoolean()).isTrue();
        assertThat(post.get("contentType").asText()).isEqualTo("application/json");
        assertThat(RecordingUpstream.shared().byRequestId(post.get("requestId").asText()).bodyText())
                .as("node sent {points, address} in insertion order; the upstream gets json-stable-stringify's bytes")
                .isEqualTo("{\"address\":\"0x123456\",\"points\":1000}");
    }

    @Test
    void aGetSignedOverStringifyOfTheEmptyStringIsAcceptedAndItsAnswerVerifies() throws Exception {
        JsonNode get = results().get("get-transaction");

        assertThat(get.get("status").asInt()).as(get.toString()).isEqualTo(200);
        assertThat(get.get("signatureValid").asBoolean()).isTrue();
        assertThat(Json.MAPPER.readTree(get.get("body").asText()).get("partnerTransactionId").asText())
                .isEqualTo("ptx-42");
    }

    @Test
    void unicodeEscapesAndNumberFormsCanonicaliseAsNodeDoes() throws Exception {
        JsonNode unicode = results().get("post-unicode-and-numbers");

        assertThat(unicode.get("status").asInt()).as(unicode.toString()).isEqualTo(200);
        assertThat(unicode.get("signatureValid").asBoolean()).isTrue();
        assertThat(RecordingUpstream.shared().byRequestId(unicode.get("requestId").asText()).bodyText())
                .isEqualTo("{\"address\":\"0x\u00e9\u2713\ud83d\ude00\",\"memo\":\"line\\nbreak \\\"q\\\"\","
                        + "\"points\":1000,\"ratio\":0.1,\"tiny\":5e-7}");
    }

    @Test
    void aTamperedBodyReplayAndWrongKeyAreRejectedWithoutSignature() throws Exception {
        JsonNode tampered = results().get("tampered-body");
        JsonNode replay = results().get("replayed-request-id");
        JsonNode wrongKey = results().get("wrong-api-key");

        assertThat(tampered.get("status").asInt()).isEqualTo(401);
        assertThat(tampered.get("body").asText()).contains("\"errorCode\":\"ERR-INVALID-SIGNATURE\"");
        assertThat(replay.get("status").asInt()).isEqualTo(401);
        assertThat(replay.get("body").asText()).contains("\"errorCode\":\"ERR-DUPLICATE-REQUEST\"");
        assertThat(wrongKey.get("status").asInt()).isEqualTo(401);
        assertThat(wrongKey.get("body").asText()).isEqualTo(
                "{\"errorCode\":\"ERR-AUTH-FAILED\",\"errorMessage\":\"Unauthorized\",\"success\":false}");
        for (JsonNode rejected : List.of(tampered, replay, wrongKey)) {
            assertThat(rejected.get("signaturePresent").asBoolean()).isFalse();
        }
    }
}
