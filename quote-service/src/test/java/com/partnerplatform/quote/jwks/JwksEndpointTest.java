package com.partnerplatform.quote.jwks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.keys.KeyState;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.testsupport.KafkaTestHelper;
import com.partnerplatform.ycmt.signatures.InMemorySigningKey;
import com.partnerplatform.ycmt.signatures.Jwks;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class JwksEndpointTest {

    @Test
    void theJwksIsCacheableWithAStrongEtagAndAnswers304WhenUnchanged() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> keys().size() > 0);
        Response first = given().when().get("/.well-known/jwks.json");
        first.then().statusCode(200).contentType("application/jwk-set+json").header("Cache-Control", "public, max-age=300");
        String etag = first.header("ETag");
        assertThat(etag).matches("\"[A-Za-z0-9_-]{43}\"");
        // the published set parses under the profile's strict rules (public RS256 keys only)
        assertThat(Jwks.parse(first.asString()).keys()).isNotEmpty();

        given().header("If-None-Match", etag).when().get("/.well-known/jwks.json")
                .then().statusCode(304).header("ETag", etag).header("Cache-Control", "public, max-age=300");
        given().header("If-None-Match", "\"other\", W/" + etag).when().get("/.well-known/jwks.json").then().statusCode(304);
        given().header("If-None-Match", "\"other\"").when().get("/.well-known/jwks.json").then().statusCode(200);
    }

    @Test
    void aPlantedPrivateKeyNeverReachesTheJwksAndATombstoneRemovesAKid() throws Exception {
        InMemorySigningKey leaked = InMemorySigningKey.generate("planted-private-" + System.nanoTime(), 2048);
        InMemorySigningKey extra = InMemorySigningKey.generate("planted-public-" + System.nanoTime(), 2048);
        try (KafkaTestHelper kafka = KafkaTestHelper.onSharedBroker()) {
            kafka.produce(Topics.SIGNER_PUBLIC_KEYS, leaked.kid(),
                    PublicKeyRegistryTest.event(leaked, KeyState.PENDING, Map.of("d", "AQAB")));
            kafka.produce(Topics.SIGNER_PUBLIC_KEYS, extra.kid(), PublicKeyRegistryTest.event(extra, KeyState.PENDING, Map.of()));
            // both were read: the valid one is published, the planted one refused and counted
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> kids().contains(extra.kid())
                    && given().when().get("/q/metrics").asString()
                            .contains("quote_jwks_events_rejected_total{reason=\"private-member\"}"));

            String body = given().when().get("/.well-known/jwks.json").asString();
            assertThat(kids()).doesNotContain(leaked.kid());
            for (JsonNode key : Json.MAPPER.readTree(body).path("keys")) {
                List<String> members = iterate(key);
                assertThat(members).containsExactlyInAnyOrder("kty", "kid", "use", "alg", "n", "e");
            }
            kafka.produce(Topics.SIGNER_PUBLIC_KEYS, extra.kid(), null);
            kafka.produce(Topics.SIGNER_PUBLIC_KEYS, leaked.kid(), null);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !kids().contains(extra.kid()));
        }
    }

    private static List<JsonNode> keys() throws Exception {
        List<JsonNode> keys = new java.util.ArrayList<>();
        Json.MAPPER.readTree(given().when().get("/.well-known/jwks.json").asString()).path("keys").forEach(keys::add);
        return keys;
    }

    private static List<String> kids() throws Exception {
        return keys().stream().map(k -> k.path("kid").asText()).toList();
    }

    private static List<String> iterate(JsonNode key) {
        List<String> names = new java.util.ArrayList<>();
        key.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
