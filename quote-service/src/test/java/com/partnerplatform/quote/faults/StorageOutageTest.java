package com.partnerplatform.quote.faults;

import static com.partnerplatform.quote.support.Api.esMa;
import static com.partnerplatform.quote.support.Api.newKey;
import static com.partnerplatform.quote.support.Api.newSubscription;
import static com.partnerplatform.quote.support.Api.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.partnerplatform.quote.support.Api;
import com.partnerplatform.quote.support.Db;
import com.partnerplatform.quote.support.RestartablePostgres;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The real PostgreSQL server is stopped under the running service, then started again. */
@QuarkusTest
class StorageOutageTest {

    @AfterEach
    void databaseBack() {
        RestartablePostgres.startServer();
    }

    @Test
    void withPostgresDownQuotesAnswer503WithRetryAfterWriteNothingAndReadinessGoesDownThenRecovers() {
        Api.freshRates(Instant.now());
        String subscription = newSubscription();
        Response before = post(subscription, newKey(), esMa(subscription, "100.00"));
        before.then().statusCode(201);
        String signedId = before.path("quoteId");
        long rowsBefore = Db.quoteRows();
        long seqBefore = Db.sequenceLastValue();
        awaitReadiness("UP");

        RestartablePostgres.stopServer();

        String key = newKey();
        for (int attempt = 0; attempt < 3; attempt++) {
            // the first attempt may meet a pooled connection the shutdown closed, later ones a refused connect
            post(subscription, key, esMa(subscription, "100.00")).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "5")
                    .body("code", equalTo("storage.unavailable"));
        }
        Api.customer(subscription).when().get("/v1/quotes/" + signedId).then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5")
                .body("code", equalTo("storage.unavailable"));
        awaitReadiness("DOWN");

        RestartablePostgres.startServer();
        awaitReadiness("UP");

        // nothing was written and no number was taken while the database was down
        assertThat(Db.quoteRows()).isEqualTo(rowsBefore);
        assertThat(Db.sequenceLastValue()).isEqualTo(seqBefore);
        assertThat(Db.count("SELECT count(*) FROM quote.quote WHERE idempotency_key = ?", key)).isZero();

        // the retry the 503 asked for is served
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                post(subscription, key, esMa(subscription, "100.00")).then().statusCode(201)
                        .body("status", equalTo("SIGNED")));
        Api.customer(subscription).when().get("/v1/quotes/" + signedId).then().statusCode(200)
                .body("status", equalTo("SIGNED"));
    }

    private static void awaitReadiness(String status) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonPath health = given().when().get("/q/health/ready").jsonPath();
            assertThat(health.getString("status")).isEqualTo(status);
        });
    }
}
