package com.partnerplatform.quote.quote;

import static com.partnerplatform.quote.support.Api.esMa;
import static com.partnerplatform.quote.support.Api.newKey;
import static com.partnerplatform.quote.support.Api.newSubscription;
import static com.partnerplatform.quote.support.Api.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.quote.support.Api;
import com.partnerplatform.quote.support.Db;
import com.partnerplatform.quote.support.NodeVerifier;
import com.partnerplatform.quote.support.TestClock;
import com.partnerplatform.quote.support.Tokens;
import com.partnerplatform.testsupport.KafkaTestHelper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The quote API end to end: real broker, real PostgreSQL, real signer, independent verification. */
@QuarkusTest
class QuoteApiTest {

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwksUrl;

    @BeforeEach
    void freshRates() {
        TestClock.reset();
        Api.freshRates(Instant.now());
    }

    @Test
    void theSpecExampleIsPricedSignedAndVerifiedByIndependentLibrariesThroughThePublishedJwks() throws Exception {
        String subscription = newSubscription();
        String correlationId = "corr-spec-example-" + System.nanoTime();
        Response response = Api.customer(subscription).contentType(ContentType.JSON)
                .header("Idempotency-Key", newKey()).header("X-Correlation-Id", correlationId)
                .body(esMa(subscription, "100.00")).when().post("/v1/quotes");

        response.then().statusCode(201)
                .header("X-Correlation-Id", correlationId)
                .body("status", equalTo("SIGNED"))
                .body("acceptable", equalTo(true))
                // quote spec s.6 example values
                .body("sendAmount", equalTo("100.00"))
                .body("fxRate", equalTo("10.8500"))
                .body("partnerFee", equalTo("1.50"))
                .body("principalFee", equalTo("1.00"))
                .body("totalConsumerCost", equalTo("102.50"))
                .body("receiveAmount", equalTo("1085.00"))
                .body("disclosure.totalFees", equalTo("2.50"))
                .body("disclosure.totalConsumerCost", equalTo("102.50"))
                .body("corridor", equalTo("ES-MA"))
                .body("corridorType", equalTo("OPEN_PAYMENT"));
        String quoteId = response.path("quoteId");
        long seq = ((Number) response.path("partnerQuoteSeq")).longValue();
        String jws = response.path("jws");
        assertThat(response.header("Location")).endsWith("/v1/quotes/" + quoteId);
        assertThat(quoteId).matches("QT-PARTNER-\\d{4}-\\d{2}-\\d{2}-\\d{10}").endsWith(String.format("%010d", seq));

        JsonNode verified = NodeVerifier.verify(jwksUrl.toString(), List.of(jws)).get(0);
        assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.path("canonical").asBoolean()).isTrue();
        assertThat(verified.path("headerMembers").toString()).isEqualTo("[\"alg\",\"kid\",\"typ\"]");
        assertThat(verified.path("header").path("alg").asText()).isEqualTo("RS256");
        assertThat(verified.path("header").path("kid").asText()).isEqualTo(response.path("kid").toString());
        JsonNode claims = verified.path("claims");
        assertThat(claims.size()).isEqualTo(22);
        assertThat(claims.path("quote_signature_v1").asText()).isEqualTo("v1");
        assertThat(claims.path("quote_id").asText()).isEqualTo(quoteId);
        assertThat(claims.path("partner_quote_seq").asLong()).isEqualTo(seq);
        assertThat(claims.path("partner_id").asText()).isEqualTo("PRT-YESCASH-EU-DEMO-PARTNER");
        assertThat(claims.path("subscription_id").asText()).isEqualTo(subscription);
        assertThat(claims.path("send_amount").asText()).isEqualTo("100.00");
        assertThat(claims.path("send_currency").asText()).isEqualTo("EUR");
        assertThat(claims.path("fx_rate").asText()).isEqualTo("10.8500");
        assertThat(claims.path("partner_fee").asText()).isEqualTo("1.50");
        assertThat(claims.path("principal_fee").asText()).isEqualTo("1.00");
        assertThat(claims.path("total_consumer_cost").asText()).isEqualTo("102.50");
        assertThat(claims.path("receive_amount").asText()).isEqualTo("1085.00");
        assertThat(claims.path("receive_currency").asText()).isEqualTo("MAD");
        assertThat(claims.path("beneficiary_country").asText()).isEqualTo("MA");
        assertThat(claims.path("beneficiary_currency").asText()).isEqualTo("MAD");
        assertThat(claims.path("corridor_type").asText()).isEqualTo("OPEN_PAYMENT");
        assertThat(claims.path("jti").asText()).matches("[0-9A-HJKMNP-TV-Z]{26}");
        long iat = claims.path("iat").asLong();
        assertThat(Instant.parse(claims.path("issued_at").asText()).getEpochSecond()).isEqualTo(iat);
        assertThat(Instant.parse(claims.path("expires_at").asText()).getEpochSecond()).isEqualTo(claims.path("exp").asLong());
        assertThat(claims.path("exp").asLong() - iat).isEqualTo(900);
        assertThat(Math.abs(iat - Instant.now().getEpochSecond())).isLessThan(30);

        // stored: the exact signed payload, the JWS, its kid, the correlation id and the status history
        String payload = new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(Db.string("SELECT canonical_payload FROM quote.quote WHERE quote_id = ?", quoteId)).isEqualTo(payload);
        assertThat(Db.string("SELECT jws FROM quote.quote WHERE quote_id = ?", quoteId)).isEqualTo(jws);
        assertThat(Db.string("SELECT kid FROM quote.quote WHERE quote_id = ?", quoteId)).isEqualTo(verified.path("header").path("kid").asText());
        assertThat(Db.string("SELECT correlation_id FROM quote.quote WHERE quote_id = ?", quoteId)).isEqualTo(correlationId);
        assertThat(Db.strings("SELECT status FROM quote.quote_status_history WHERE quote_id = ? ORDER BY id", quoteId))
                .containsExactly("PENDING", "SIGNED");

        // carried to Kafka: the signing request and the lifecycle events, keyed by quote id, with the correlation id
        try (KafkaTestHelper kafka = KafkaTestHelper.onSharedBroker()) {
            ConsumerRecord<String, String> request = kafka.awaitRecords(Topics.QUOTE_SIGNING_REQUESTS, 1,
                    Duration.ofSeconds(20), r -> quoteId.equals(r.key())).get(0);
            assertThat(KafkaTestHelper.header(request, "X-Correlation-Id")).isEqualTo(correlationId);
            assertThat(KafkaTestHelper.header(request, "schema")).isEqualTo("signing-request/v1");
            assertThat(Json.MAPPER.readTree(request.value()).path("claims").path("partner_quote_seq").asLong()).isEqualTo(seq);
            List<ConsumerRecord<String, String>> events = kafka.awaitRecords(Topics.QUOTE_EVENTS, 2,
                    Duration.ofSeconds(20), r -> quoteId.equals(r.key()));
            assertThat(events).extracting(r -> Json.MAPPER.readTree(r.value()).path("type").asText()).containsExactly("CREATED", "SIGNED");
            assertThat(events).allSatisfy(r -> assertThat(KafkaTestHelper.header(r, "X-Correlation-Id")).isEqualTo(correlationId));
            assertThat(events.get(1).value()).doesNotContain("100.00").doesNotContain(subscription);
        }
    }

    @Test
    void aRetryWithTheSameKeyAndBodyReturnsTheSameQuoteAndTakesNoNumber() {
        String subscription = newSubscription();
        String key = newKey();
        Response first = post(subscription, key, esMa(subscription, "250.00"));
        first.then().statusCode(201);
        long sequenceAfterFirst = Db.sequenceLastValue();

        // same meaning, different spelling: member order, spacing, an amount written with fewer digits
        String sameRequest = "{ \"sendAmount\": \"250\", \"receiveCurrency\": \"MAD\", \"sendCurrency\": \"EUR\", "
                + "\"corridor\": \"ES-MA\", \"subscriptionId\": \"" + subscription + "\" }";
        Response retry = post(subscription, key, sameRequest);
        retry.then().statusCode(201).header("Idempotent-Replayed", "true");

        assertThat(retry.<String> path("quoteId")).isEqualTo(first.path("quoteId"));
        assertThat(retry.<Object> path("partnerQuoteSeq")).isEqualTo(first.path("partnerQuoteSeq"));
        assertThat(retry.<String> path("jws")).isEqualTo(first.path("jws"));
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(Db.sequenceLastValue()).isEqualTo(sequenceAfterFirst);
        assertThat(Db.count("SELECT count(*) FROM quote.quote WHERE idempotency_key = ?", key)).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneKeyProduceOneQuote() throws Exception {
        String subscription = newSubscription();
        String key = newKey();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<Response>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(pool.submit(() -> post(subscription, key, esMa(subscription, "300.00"))));
        }
        java.util.Set<String> quoteIds = new java.util.HashSet<>();
        for (var call : calls) {
            Response response = call.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.asString()).isIn(201, 409);
            if (response.statusCode() == 201) {
                quoteIds.add(response.path("quoteId"));
            } else {
                assertThat(response.<String> path("code")).isEqualTo("idempotency.inProgress");
                assertThat(response.header("Retry-After")).isEqualTo("1");
            }
        }
        pool.shutdown();
        assertThat(quoteIds).hasSize(1);
        assertThat(Db.count("SELECT count(*) FROM quote.quote WHERE idempotency_key = ?", key)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithADifferentBodyIsRefusedAndWritesNothing() {
        String subscription = newSubscription();
        String key = newKey();
        post(subscription, key, esMa(subscription, "100.00")).then().statusCode(201);
        long rows = Db.quoteRows();
        long sequence = Db.sequenceLastValue();

        post(subscription, key, esMa(subscription, "100.01")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("idempotency.keyReused"));

        assertThat(Db.quoteRows()).isEqualTo(rows);
        assertThat(Db.sequenceLastValue()).isEqualTo(sequence);
    }

    @Test
    void aTokenForAnotherSubscriptionIsABindingMismatchAndWritesNothing() {
        long rows = Db.quoteRows();
        long sequence = Db.sequenceLastValue();
        String victim = newSubscription();

        given().auth().oauth2(Tokens.forSubscription(newSubscription())).contentType(ContentType.JSON)
                .header("Idempotency-Key", newKey()).body(esMa(victim, "100.00"))
                .when().post("/v1/quotes")
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("quote.bindingMismatch"));
        given().auth().oauth2(Tokens.withoutSubscription()).contentType(ContentType.JSON)
                .header("Idempotency-Key", newKey()).body(esMa(victim, "100.00"))
                .when().post("/v1/quotes")
                .then().statusCode(403).body("code", equalTo("quote.bindingMismatch"));

        assertThat(Db.quoteRows()).isEqualTo(rows);
        assertThat(Db.sequenceLastValue()).isEqualTo(sequence);
    }

    @Test
    void pricingOutsideTheCommercialEnvelopeIsABreachAndWritesNothing() {
        String subscription = newSubscription();
        long rows = Db.quoteRows();
        long sequence = Db.sequenceLastValue();

        post(subscription, newKey(), esMa(subscription, "5000.01")).then().statusCode(422)
                .contentType("application/problem+json").body("code", equalTo("quote.envelopeBreach"));
        post(subscription, newKey(), esMa(subscription, "9.99")).then().statusCode(422)
                .body("code", equalTo("quote.envelopeBreach"));

        assertThat(Db.quoteRows()).isEqualTo(rows);
        assertThat(Db.sequenceLastValue()).isEqualTo(sequence);
    }

    @Test
    void aReceiveAmountIsDeliveredInFullWithTheSendAmountDerived() {
        String subscription = newSubscription();
        String body = "{\"subscriptionId\":\"" + subscription + "\",\"corridor\":\"FR-SN\",\"sendCurrency\":\"EUR\","
                + "\"receiveCurrency\":\"XOF\",\"receiveAmount\":\"50000\"}";
        Response response = post(subscription, newKey(), body);
        response.then().statusCode(201).body("receiveCurrency", equalTo("XOF"));
        // 655.957 x (1 - 1.20 %) = 648.0855; 50000 / 648.0855 = 77.1503... -> 77.16 EUR; 77.16 x 648.0855 = 50006.27 -> 50006 XOF
        assertThat(response.<String> path("fxRate")).isEqualTo("648.0855");
        assertThat(response.<String> path("sendAmount")).isEqualTo("77.16");
        assertThat(response.<String> path("receiveAmount")).isEqualTo("50006");
    }

    @Test
    void aQuoteIsVisibleToItsOwnSubscriptionOnly() {
        String owner = newSubscription();
        Response created = post(owner, newKey(), esMa(owner, "75.00"));
        String quoteId = created.path("quoteId");

        Api.customer(owner).when().get("/v1/quotes/" + quoteId).then().statusCode(200)
                .body("quoteId", equalTo(quoteId)).body("status", equalTo("SIGNED"))
                .body("jws", equalTo(created.path("jws")));
        Api.customer(newSubscription()).when().get("/v1/quotes/" + quoteId).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("quote.notFound"));
        Api.customer(owner).when().get("/v1/quotes/QT-PARTNER-2026-01-01-9999999999").then().statusCode(404)
                .body("code", equalTo("quote.notFound"));
        Api.customer(owner).when().get("/v1/quotes/not-a-quote-id").then().statusCode(404)
                .body("code", equalTo("quote.notFound"));
        given().when().get("/v1/quotes/" + quoteId).then().statusCode(401);
    }

    @Test
    void anExpiredQuoteShowsAsExpiredWithoutItsJwsAndIsNeverResigned() throws Exception {
        String subscription = newSubscription();
        String key = newKey();
        Response created = post(subscription, key, esMa(subscription, "120.00"));
        created.then().statusCode(201);
        String quoteId = created.path("quoteId");
        try {
            TestClock.advance(Duration.ofMinutes(15).plusSeconds(1));

            Api.customer(subscription).when().get("/v1/quotes/" + quoteId).then().statusCode(200)
                    .body("status", equalTo("EXPIRED")).body("acceptable", equalTo(false))
                    .body("jws", org.hamcrest.Matchers.nullValue());
            long sequence = Db.sequenceLastValue();
            post(subscription, key, esMa(subscription, "120.00")).then().statusCode(410)
                    .contentType("application/problem+json").body("code", equalTo("quote.expired"));
            assertThat(Db.sequenceLastValue()).isEqualTo(sequence);

            io.quarkus.arc.Arc.container().instance(com.partnerplatform.quote.expiry.ExpiryJob.class).get()
                    .runOnce().await().atMost(Duration.ofSeconds(10));
            assertThat(Db.string("SELECT status FROM quote.quote WHERE quote_id = ?", quoteId)).isEqualTo("EXPIRED");
            assertThat(Db.strings("SELECT status FROM quote.quote_status_history WHERE quote_id = ? ORDER BY id", quoteId))
                    .containsExactly("PENDING", "SIGNED", "EXPIRED");
            // the JWS is kept for traceability, not served
            assertThat(Db.string("SELECT jws FROM quote.quote WHERE quote_id = ?", quoteId)).isEqualTo(created.path("jws"));
        } finally {
            TestClock.reset();
        }
        try (KafkaTestHelper kafka = KafkaTestHelper.onSharedBroker()) {
            assertThat(kafka.awaitRecords(Topics.QUOTE_EVENTS, 1, Duration.ofSeconds(20),
                    r -> quoteId.equals(r.key()) && r.value().contains("\"EXPIRED\""))).hasSize(1);
            // one signing request only: never re-signed
            assertThat(kafka.readAll(Topics.QUOTE_SIGNING_REQUESTS, Duration.ofSeconds(1)).stream()
                    .filter(r -> quoteId.equals(r.key())).count()).isEqualTo(1);
        }
    }

    @Test
    void aStaleRateRefusesToPriceWithRetryAfterAndWritesNothing() {
        String subscription = newSubscription();
        long rows = Db.quoteRows();
        long sequence = Db.sequenceLastValue();
        try {
            TestClock.advance(Duration.ofMinutes(5).plusSeconds(5));
            post(subscription, newKey(), esMa(subscription, "100.00")).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "30")
                    .body("code", equalTo("quote.rateUnavailable"));
        } finally {
            TestClock.reset();
        }
        assertThat(Db.quoteRows()).isEqualTo(rows);
        assertThat(Db.sequenceLastValue()).isEqualTo(sequence);
    }
}
