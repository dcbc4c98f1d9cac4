package com.partnerplatform.quote.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import com.partnerplatform.events.keys.KeyState;
import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.ycmt.signatures.InMemorySigningKey;
import com.partnerplatform.ycmt.signatures.Jwk;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class PublicKeyRegistryTest {

    private static final InMemorySigningKey KEY_A = InMemorySigningKey.generate("key-a", 2048);
    private static final InMemorySigningKey KEY_B = InMemorySigningKey.generate("key-b", 2048);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PublicKeyRegistry registry = new PublicKeyRegistry(meters);

    @Test
    void pendingActiveAndRetiringKeysArePublishedAndATombstoneRemovesOne() throws Exception {
        registry.accept("key-a", event(KEY_A, KeyState.RETIRING, Map.of()));
        registry.accept("key-b", event(KEY_B, KeyState.PENDING, Map.of()));
        assertThat(registry.snapshot().jwks().keys()).extracting(Jwk::kid).containsExactly("key-a", "key-b");
        assertThat(registry.snapshot().states()).containsEntry("key-b", KeyState.PENDING);

        registry.onRecord(new org.apache.kafka.clients.consumer.ConsumerRecord<>("signer.public-keys", 0, 3, "key-a", null));
        assertThat(registry.snapshot().jwks().keys()).extracting(Jwk::kid).containsExactly("key-b");
    }

    @Test
    void anEventWithAPrivateMemberIsRefusedWholeAndCounted() throws Exception {
        for (String member : new String[] {"d", "p", "q", "dp", "dq", "qi", "k"}) {
            registry.onRecord(record("key-a", event(KEY_A, KeyState.ACTIVE, Map.of(member, "AQAB"))));
        }
        assertThat(registry.snapshot().jwks().keys()).isEmpty();
        assertThat(new String(registry.snapshot().body())).doesNotContain("\"d\"").isEqualTo("{\"keys\":[]}");
        assertThat(meters.counter("quote.jwks.events.rejected", "reason", "private-member").count()).isEqualTo(7);
    }

    @Test
    void membersOutsideThePublicSetAreDroppedFromThePublishedKey() throws Exception {
        registry.onRecord(record("key-a", event(KEY_A, KeyState.ACTIVE, Map.of("x5c", "MIIB", "key_ops", "sign"))));
        JsonNode published = Json.MAPPER.readTree(registry.snapshot().body()).get("keys").get(0);
        // member names, not substrings: a random modulus may contain "x5c"
        assertThat(published.fieldNames()).toIterable().contains("kid").doesNotContain("x5c", "key_ops");
        assertThat(published.get("kid").asText()).isEqualTo("key-a");
        assertThat(published.size()).isEqualTo(6);
    }

    @Test
    void anEventWhoseKidDisagreesWithItsRecordKeyOrJwkIsRefused() throws Exception {
        registry.onRecord(record("key-b", event(KEY_A, KeyState.ACTIVE, Map.of())));
        Map<String, Object> jwk = new LinkedHashMap<>(Jwk.of(KEY_A).toMap());
        jwk.put("kid", "key-z");
        registry.onRecord(record("key-a", Json.MAPPER.writeValueAsString(
                new PublicKeyEvent("key-a", jwk, KeyState.ACTIVE, Instant.now(), null, Instant.now()))));
        registry.onRecord(record("key-a", "not json"));
        assertThat(registry.snapshot().jwks().keys()).isEmpty();
        assertThat(meters.counter("quote.jwks.events.rejected", "reason", "malformed").count()).isEqualTo(3);
    }

    @Test
    void theEtagChangesExactlyWhenTheSetChanges() throws Exception {
        String empty = registry.snapshot().etag();
        registry.accept("key-a", event(KEY_A, KeyState.ACTIVE, Map.of()));
        String one = registry.snapshot().etag();
        registry.accept("key-a", event(KEY_A, KeyState.ACTIVE, Map.of()));
        assertThat(registry.snapshot().etag()).isEqualTo(one).isNotEqualTo(empty).startsWith("\"").endsWith("\"");
        registry.accept("key-b", event(KEY_B, KeyState.PENDING, Map.of()));
        assertThat(registry.snapshot().etag()).isNotEqualTo(one);
    }

    @Test
    void awaitingAKidCompletesWhenItArrivesOrGivesUpAfterTheTimeout() throws Exception {
        var waiting = registry.awaitKid("key-b", Duration.ofSeconds(5)).subscribeAsCompletionStage();
        registry.accept("key-b", event(KEY_B, KeyState.PENDING, Map.of()));
        assertThat(waiting.get()).isTrue();
        assertThat(registry.awaitKid("key-unknown", Duration.ofMillis(100)).await().atMost(Duration.ofSeconds(2))).isFalse();
    }

    static String event(InMemorySigningKey key, KeyState state, Map<String, Object> extraMembers) throws Exception {
        Map<String, Object> jwk = new LinkedHashMap<>(Jwk.of(key).toMap());
        jwk.putAll(extraMembers);
        return Json.MAPPER.writeValueAsString(new PublicKeyEvent(key.kid(), jwk, state, Instant.now(), null, Instant.now()));
    }

    private static org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record(String key, String value) {
        return new org.apache.kafka.clients.consumer.ConsumerRecord<>("signer.public-keys", 0, 0, key, value);
    }
}
