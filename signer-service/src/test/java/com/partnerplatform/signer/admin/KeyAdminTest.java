package com.partnerplatform.signer.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.partnerplatform.events.Headers;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.keys.KeyState;
import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.events.serde.PublicKeyEventDeserializer;
import com.partnerplatform.events.serde.SigningReplyDeserializer;
import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.signer.KafkaRecords;
import com.partnerplatform.signer.PublishedKeys;
import com.partnerplatform.signer.Quotes;
import com.partnerplatform.testsupport.KafkaBroker;
import com.partnerplatform.ycmt.signatures.Jwk;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The public-key feed and rotation through the admin API, on the running signer (test profile:
 * propagation delay 2 s, overlap 16 min, tick 1 s).
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyAdminTest {

    private static final String TOKEN = "Bearer test-admin-token-0123456789-abcdefghij";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String activeKid() {
        List<Map<String, Object>> keys = given().header("Authorization", TOKEN).get("/admin/keys")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return keys.stream().filter(k -> Boolean.TRUE.equals(k.get("signing"))).map(k -> (String) k.get("kid"))
                .findFirst().orElseThrow();
    }

    private static List<PublicKeyEvent> feedEvents(String kid) {
        return KafkaRecords.readAll(Topics.SIGNER_PUBLIC_KEYS, Duration.ofMillis(500)).stream()
                .filter(r -> kid.equals(r.key()))
                .map(r -> r.value() == null ? null : new PublicKeyEventDeserializer().deserialize(Topics.SIGNER_PUBLIC_KEYS, r.value()))
                .toList();
    }

    private static SigningReply sign() {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        String quoteId = (String) claims.get("quote_id");
        KafkaRecords.produce(Topics.QUOTE_SIGNING_REQUESTS, quoteId,
                Quotes.json(Quotes.request(claims)).getBytes(StandardCharsets.UTF_8), Map.of());
        ConsumerRecord<String, byte[]> record = KafkaRecords.awaitKey(Topics.QUOTE_SIGNING_REPLIES, quoteId, 1, WAIT).get(0);
        return new SigningReplyDeserializer().deserialize(Topics.QUOTE_SIGNING_REPLIES, record.value());
    }

    @Test
    @Order(1)
    void theAdminApiRequiresTheBearerToken() {
        given().get("/admin/keys").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"signer-admin\"").body("code", equalTo("admin.unauthorized"));
        given().header("Authorization", "Bearer wrong-token-wrong-token-wrong-token").post("/admin/keys/rotate")
                .then().statusCode(401);
    }

    @Test
    @Order(2)
    void theActiveKeyIsOnTheCompactedFeedWithItsPublicJwkOnly() throws Exception {
        String kid = activeKid();
        ConsumerRecord<String, byte[]> latest = KafkaRecords.readAll(Topics.SIGNER_PUBLIC_KEYS, Duration.ofMillis(500))
                .stream().filter(r -> kid.equals(r.key())).reduce((a, b) -> b).orElseThrow();
        assertThat(new String(KafkaRecords.header(latest, Headers.SCHEMA), StandardCharsets.UTF_8)).isEqualTo(PublicKeyEvent.SCHEMA);
        PublicKeyEvent event = new PublicKeyEventDeserializer().deserialize(Topics.SIGNER_PUBLIC_KEYS, latest.value());
        assertThat(event.state()).isEqualTo(KeyState.ACTIVE);
        assertThat(event.jwk()).containsOnlyKeys("kty", "kid", "use", "alg", "n", "e");
        assertThat(Jwk.fromMap(event.jwk()).publicKey().getModulus().bitLength()).isEqualTo(3072);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SIGNER_PUBLIC_KEYS);
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
        String listed = given().header("Authorization", TOKEN).get("/admin/keys").then().statusCode(200).extract().asString();
        assertThat(listed).contains(kid).doesNotContain("\"n\"").doesNotContain("\"d\"");
    }

    @Test
    @Order(3)
    void aRotatedKeyIsPublishedPendingAndSignsOnlyAfterThePropagationDelay() {
        String oldKid = activeKid();
        Instant asked = Instant.now();
        String newKid = given().header("Authorization", TOKEN).contentType(ContentType.JSON).post("/admin/keys/rotate")
                .then().statusCode(202).body("state", equalTo("PENDING")).body("emergency", equalTo(false))
                .extract().path("kid");
        assertThat(newKid).isNotEqualTo(oldKid);

        Awaitility.await().atMost(WAIT).until(() -> feedEvents(newKid).stream()
                .anyMatch(e -> e != null && e.state() == KeyState.ACTIVE));
        List<PublicKeyEvent> events = feedEvents(newKid);
        PublicKeyEvent pending = events.get(0);
        PublicKeyEvent active = events.stream().filter(e -> e.state() == KeyState.ACTIVE).findFirst().orElseThrow();
        assertThat(pending.state()).as("first published as PENDING").isEqualTo(KeyState.PENDING);
        assertThat(pending.activeFrom()).isAfterOrEqualTo(asked.plusSeconds(2).minusMillis(1000));
        assertThat(active.publishedAt()).as("activated no earlier than its activeFrom").isAfterOrEqualTo(pending.activeFrom());

        Awaitility.await().atMost(WAIT).until(() -> feedEvents(oldKid).stream()
                .anyMatch(e -> e != null && e.state() == KeyState.RETIRING));
        PublicKeyEvent retiring = feedEvents(oldKid).stream().filter(e -> e != null && e.state() == KeyState.RETIRING)
                .findFirst().orElseThrow();
        assertThat(retiring.retireAfter()).isBetween(active.publishedAt().plus(Duration.ofMinutes(16)).minusSeconds(2),
                active.publishedAt().plus(Duration.ofMinutes(16)).plusSeconds(2));

        Awaitility.await().atMost(WAIT).until(() -> newKid.equals(activeKid()));
        SigningReply reply = sign();
        assertThat(reply.kid()).isEqualTo(newKid);
        assertThat(PublishedKeys.verify(reply.jws(), newKid).ok()).isTrue();
        assertThat(PublishedKeys.latest(oldKid).state()).as("still published for verifiers").isEqualTo(KeyState.RETIRING);
    }

    @Test
    @Order(4)
    void anEmergencyRotationTombstonesTheActiveKeyAtOnceAndSignsWithTheNewOne() {
        String oldKid = activeKid();
        String newKid = given().header("Authorization", TOKEN).post("/admin/keys/rotate?emergency=true")
                .then().statusCode(202).body("state", equalTo("ACTIVE")).body("emergency", equalTo(true))
                .extract().path("kid");

        List<PublicKeyEvent> oldEvents = feedEvents(oldKid);
        assertThat(oldEvents.get(oldEvents.size() - 1)).as("tombstone").isNull();
        assertThat(activeKid()).isEqualTo(newKid);
        String listed = given().header("Authorization", TOKEN).get("/admin/keys").then().extract().asString();
        assertThat(listed).doesNotContain(oldKid);
        SigningReply reply = sign();
        assertThat(reply.kid()).isEqualTo(newKid);
        assertThat(PublishedKeys.verify(reply.jws(), newKid).ok()).isTrue();
    }
}
