package com.partnerplatform.quote.pricing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.quote.support.Api;
import com.partnerplatform.testsupport.KafkaTestHelper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Rates reach the table from the compacted topic and from the operator API (which publishes to the topic). */
@QuarkusTest
class FxRateFeedTest {

    @Test
    void theAdminApiNeedsTheOperatorToken() {
        String body = "{\"pair\":\"EUR/GBP\",\"rate\":\"0.8512\"}";
        given().contentType(ContentType.JSON).body(body).when().post("/admin/fx-rates")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("admin.unauthorized"));
        given().auth().oauth2("test-operator-token-012345678X").contentType(ContentType.JSON).body(body)
                .when().post("/admin/fx-rates").then().statusCode(401);
        given().header("Authorization", "Basic " + Api.ADMIN_TOKEN).contentType(ContentType.JSON).body(body)
                .when().post("/admin/fx-rates").then().statusCode(401);
        given().when().get("/admin/fx-rates").then().statusCode(401);
    }

    @Test
    void anOperatorRateIsPublishedToTheCompactedTopicAndApplied() throws Exception {
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        given().auth().oauth2(Api.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{\"pair\":\"EUR/GBP\",\"rate\":\"0.8512\",\"source\":\"desk\",\"asOf\":\"" + asOf + "\"}")
                .when().post("/admin/fx-rates")
                .then().statusCode(200).body("pair", equalTo("EUR/GBP")).body("rate", equalTo("0.8512"))
                .body("fresh", equalTo(true));

        try (KafkaTestHelper kafka = KafkaTestHelper.onSharedBroker()) {
            var record = kafka.awaitRecords(Topics.PRICING_FX_RATES, 1, Duration.ofSeconds(20),
                    r -> "EUR/GBP".equals(r.key()) && r.value().contains("desk")).get(0);
            var json = Json.MAPPER.readTree(record.value());
            assertThat(json.path("rate").asText()).isEqualTo("0.8512");
            assertThat(Instant.parse(json.path("asOf").asText())).isEqualTo(asOf);
            assertThat(KafkaTestHelper.header(record, "schema")).isEqualTo("fx-rate/v1");
        }
        given().auth().oauth2(Api.ADMIN_TOKEN).when().get("/admin/fx-rates")
                .then().statusCode(200).body("find { it.pair == 'EUR/GBP' }.source", equalTo("desk"));
    }

    @Test
    void aRateAsAJsonNumberOrMalformedIsRefused() {
        given().auth().oauth2(Api.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"pair\":\"EUR/GBP\",\"rate\":0.85}")
                .when().post("/admin/fx-rates").then().statusCode(400).body("code", equalTo("request.invalid"))
                .body("violations.field", org.hamcrest.Matchers.hasItem("rate"));
        given().auth().oauth2(Api.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"pair\":\"EUR/GBP\",\"rate\":\"-0.85\"}")
                .when().post("/admin/fx-rates").then().statusCode(400).body("code", equalTo("request.invalid"));
        given().auth().oauth2(Api.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"pair\":\"EURGBP\",\"rate\":\"0.85\"}")
                .when().post("/admin/fx-rates").then().statusCode(400).body("code", equalTo("request.invalid"));
    }

    @Test
    void ratesFromTheTopicAreAppliedAndAMalformedRecordIsSkippedWithoutStoppingTheFeed() throws Exception {
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (KafkaTestHelper kafka = KafkaTestHelper.onSharedBroker()) {
            kafka.produce(Topics.PRICING_FX_RATES, "EUR/CHF", "{\"pair\":\"EUR/CHF\",\"rate\":\"oops\",\"source\":\"feed\",\"asOf\":\"" + asOf + "\"}");
            kafka.produce(Topics.PRICING_FX_RATES, "EUR/CHF", "not json at all");
            kafka.produce(Topics.PRICING_FX_RATES, "EUR/CHF", "{\"pair\":\"EUR/CHF\",\"rate\":\"0.9371\",\"source\":\"feed\",\"asOf\":\"" + asOf + "\"}");
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(Api.ADMIN_TOKEN).when().get("/admin/fx-rates")
                        .then().statusCode(200).body("find { it.pair == 'EUR/CHF' }.rate", equalTo("0.9371")));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("quote_fx_rates_rejected_total"));
    }
}
