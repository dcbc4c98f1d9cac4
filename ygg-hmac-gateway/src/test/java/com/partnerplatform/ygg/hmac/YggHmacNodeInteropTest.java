package com.partnerplatform.ygg.hmac;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerplatform.ygg.canonical.GetBodyMode;
import com.partnerplatform.ygg.canonical.JsJsonException;
import com.partnerplatform.ygg.canonical.JsStableStringify;
import com.partnerplatform.ygg.testing.JsonBodyGenerator;
import com.partnerplatform.ygg.testing.NodeInterop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Our signature against the spec's own Node.js code path (crypto.createHmac over stringify(JSON.parse(body))). */
class YggHmacNodeInteropTest {

    private static final String[] SECRETS = {"shared_secret_key", "s\u00e9cret-\ud83d\udd11", "lone-\ud800-surrogate", "k"};
    private static final String[] METHODS = {"POST", "GET", "PUT", "DELETE"};
    private static final String[] PATHS = {"/api/v1/deduct-points-by-address", "/api/v1/points", "/caf\u00e9",
        "/odd-\udc00-path", "/"};

    record Case(String secret, String method, String path, String requestId, String body, String kind) {
        String line() {
            return String.join(" ", List.of(secret, method, path, requestId, body, kind).stream()
                    .map(NodeInterop::encode).toList());
        }

        String ours() {
            String canonical = switch (kind) {
                case "json" -> JsStableStringify.canonicalize(body);
                case "get" -> GetBodyMode.STRINGIFIED_EMPTY_STRING.canonicalBody();
                default -> GetBodyMode.EMPTY.canonicalBody();
            };
            return YggHmac.of(secret).sign(method, path, requestId, canonical);
        }
    }

    @Test
    void specExampleRequestAndResponseSignaturesMatchNode() {
        String uuid = "01870603-f211-7b9a-a7ea-4a98f5320ff8";
        List<Case> cases = List.of(
                new Case("shared_secret_key", "POST", "/api/v1/deduct-points-by-address", uuid,
                        "{\"address\":\"0x123456\",\"points\":1000}", "json"),
                new Case("shared_secret_key", "POST", "/api/v1/deduct-points-by-address", uuid,
                        "{\"success\":true,\"partnerTransactionId\":\"partner-generated-transaction-id\"}", "json"));

        assertMatchesNode(cases);
    }

    @Test
    void getRequestsMatchNodeInBothBodyModes() {
        String uuid = "01987d64-6519-747b-9200-beba98700464";
        assertMatchesNode(List.of(
                new Case("shared_secret_key", "GET", "/api/v1/points", uuid, "", "get"),
                new Case("shared_secret_key", "GET", "/api/v1/points", uuid, "", "empty")));
    }

    @Test
    void generatedRequestsIncludingNonAsciiSecretsAndPathsMatchNode() {
        Random random = new Random(31337L);
        JsonBodyGenerator generator = new JsonBodyGenerator(31337L, false);
        List<Case> cases = new ArrayList<>();
        while (cases.size() < 600) {
            String body = generator.body();
            try {
                JsStableStringify.canonicalize(body);
            } catch (JsJsonException e) {
                continue;
            }
            cases.add(new Case(SECRETS[random.nextInt(SECRETS.length)], METHODS[random.nextInt(METHODS.length)],
                    PATHS[random.nextInt(PATHS.length)], new java.util.UUID(random.nextLong(), random.nextLong()).toString(),
                    body, "json"));
        }
        assertMatchesNode(cases);
    }

    private static void assertMatchesNode(List<Case> cases) {
        List<String> node = NodeInterop.runLines("hmac", cases.stream().map(Case::line).toList());
        for (int i = 0; i < cases.size(); i++) {
            assertThat(cases.get(i).ours()).as("case %d", i).isEqualTo(node.get(i));
        }
    }
}
