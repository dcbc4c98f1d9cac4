package com.partnerplatform.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.events.serde.SigningReplyDeserializer;
import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.signer.KafkaRecords;
import com.partnerplatform.signer.PublishedKeys;
import com.partnerplatform.signer.Quotes;
import com.partnerplatform.ycmt.signatures.Jcs;

import io.quarkus.test.junit.QuarkusTest;

/**
 * npm jose (compactVerify, createLocalJWKSet, RS256 only) verifies the JWS the running signer
 * replies with, using only the JWK the signer published on signer.public-keys, and reads back
 * exactly the JCS bytes of the claims that were sent.
 */
@QuarkusTest
class JoseInteropTest {

    private static final Path NODE_DIR = Path.of("src/test/node");

    @Test
    void joseVerifiesTheSignersRepliesWithThePublishedJwk() throws Exception {
        List<Map<String, Object>> claims = List.of(Quotes.claims(Quotes.newQuoteId()), Quotes.claims(Quotes.newQuoteId()));
        for (Map<String, Object> c : claims) {
            KafkaRecords.produce(Topics.QUOTE_SIGNING_REQUESTS, (String) c.get("quote_id"),
                    Quotes.json(Quotes.request(c)).getBytes(StandardCharsets.UTF_8), Map.of());
        }
        List<Map<String, Object>> cases = new ArrayList<>();
        List<SigningReply> replies = new ArrayList<>();
        for (Map<String, Object> c : claims) {
            SigningReply reply = new SigningReplyDeserializer().deserialize(Topics.QUOTE_SIGNING_REPLIES, KafkaRecords
                    .awaitKey(Topics.QUOTE_SIGNING_REPLIES, (String) c.get("quote_id"), 1, Duration.ofSeconds(30)).get(0).value());
            replies.add(reply);
            cases.add(Map.of("jws", reply.jws(), "jwks", Map.of("keys", List.of(PublishedKeys.latest(reply.kid()).jwk()))));
        }

        JsonNode results = runNode(cases);

        for (int i = 0; i < claims.size(); i++) {
            JsonNode result = results.get(i);
            assertThat(result.path("error").isMissingNode()).as(result.toString()).isTrue();
            assertThat(result.path("header").path("kid").asText()).isEqualTo(replies.get(i).kid());
            assertThat(result.path("header").path("alg").asText()).isEqualTo("RS256");
            assertThat(result.path("payload").asText()).isEqualTo(new String(Jcs.canonicalize(claims.get(i)), StandardCharsets.UTF_8));
        }
    }

    private static JsonNode runNode(Object cases) throws Exception {
        if (!available("node", "--version")) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("node is required on CI for the jose interop test");
            }
            Assumptions.abort("node is not installed; jose interop not checked");
        }
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/jose"))) {
            exec(List.of("npm", "ci", "--no-audit", "--no-fund"));
        }
        Path in = Files.createTempFile("jose-in", ".json");
        Path out = Files.createTempFile("jose-out", ".json");
        Files.writeString(in, Json.MAPPER.writeValueAsString(cases));
        exec(List.of("node", "verify.mjs", in.toString(), out.toString()));
        return Json.MAPPER.readTree(Files.readString(out));
    }

    private static boolean available(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static void exec(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + output);
        }
    }
}
