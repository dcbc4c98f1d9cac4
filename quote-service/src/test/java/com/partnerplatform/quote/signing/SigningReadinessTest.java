package com.partnerplatform.quote.signing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.keys.KeyState;
import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.quote.jwks.PublicKeyRegistry;
import com.partnerplatform.ycmt.signatures.InMemorySigningKey;
import com.partnerplatform.ycmt.signatures.Jwk;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;

/** Readiness reports whether a quote can actually be signed, not just whether the process is up. */
@QuarkusTest
class SigningReadinessTest {

    private static final InMemorySigningKey KEY = InMemorySigningKey.generate("readiness-key", 2048);

    @Test
    void theRunningServiceIsReadyOnlyWithItsReplyConsumerAssignedAndAnActiveKey() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200)
                        .body("checks.name", hasItem("signing-path")));
        Map<String, Object> check = given().when().get("/q/health/ready").jsonPath()
                .getMap("checks.find { it.name == 'signing-path' }");
        assertThat(check.get("status")).isEqualTo("UP");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) check.get("data");
        assertThat(data.get("replyConsumerAssigned")).isEqualTo(true);
        assertThat(((Number) data.get("activeKeys")).intValue()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void withoutAnActiveKeyTheSigningPathIsDownAndAnActiveKeyBringsItUp() throws Exception {
        SignerClient signer = Arc.container().instance(SignerClient.class).get();
        PublicKeyRegistry keys = new PublicKeyRegistry(new SimpleMeterRegistry());
        SigningReadiness readiness = new SigningReadiness(signer, keys);

        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        keys.onRecord(record(KeyState.PENDING));
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        keys.onRecord(record(KeyState.ACTIVE));
        // the reply consumer is the application's real one: assigned once the app started
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP));
        keys.onRecord(new ConsumerRecord<>("signer.public-keys", 0, 2, KEY.kid(), null));
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    private static ConsumerRecord<String, String> record(KeyState state) throws Exception {
        String value = Json.MAPPER.writeValueAsString(new PublicKeyEvent(KEY.kid(), Jwk.of(KEY).toMap(), state,
                Instant.now(), null, Instant.now()));
        return new ConsumerRecord<>("signer.public-keys", 0, state.ordinal(), KEY.kid(), value);
    }
}
