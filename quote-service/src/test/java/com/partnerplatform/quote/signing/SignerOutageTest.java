package com.partnerplatform.quote.signing;

import static com.partnerplatform.quote.support.Api.esMa;
import static com.partnerplatform.quote.support.Api.newKey;
import static com.partnerplatform.quote.support.Api.newSubscription;
import static com.partnerplatform.quote.support.Api.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;
import com.partnerplatform.quote.sequence.SequenceGapMonitor;
import com.partnerplatform.quote.support.Api;
import com.partnerplatform.quote.support.Db;
import com.partnerplatform.quote.support.SignerResource;
import com.partnerplatform.testsupport.KafkaTestHelper;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The signer process is stopped: the customer gets 503 + Retry-After, the number is never reused. */
@QuarkusTest
class SignerOutageTest {

    @AfterEach
    void signerBack() {
        SignerResource.startSigner();
    }

    @Test
    void withTheSignerDownTheQuoteFailsWith503AndItsNumberIsNeverReused() throws Exception {
        Api.freshRates(Instant.now());
        String subscription = newSubscription();
        String key = newKey();
        SignerResource.stopSigner();

        long started = System.nanoTime();
        Response down = post(subscription, key, esMa(subscription, "100.00"));
        down.then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "2").body("code", equalTo("signer.unavailable"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));

        String failedId = Db.string("SELECT quote_id FROM quote.quote WHERE idempotency_key = ?", key);
        long failedSeq = Db.count("SELECT partner_quote_seq FROM quote.quote WHERE quote_id = ?", failedId);
        assertThat(Db.string("SELECT status FROM quote.quote WHERE quote_id = ?", failedId)).isEqualTo("FAILED");
        assertThat(Db.string("SELECT error_code FROM quote.quote WHERE quote_id = ?", failedId)).isEqualTo("signer.unavailable");
        assertThat(Db.string("SELECT jws FROM quote.quote WHERE quote_id = ?", failedId)).isNull();
        assertThat(Db.strings("SELECT status FROM quote.quote_status_history WHERE quote_id = ? ORDER BY id", failedId))
                .containsExactly("PENDING", "FAILED");

        // the gap is counted and exported
        var counts = Arc.container().instance(SequenceGapMonitor.class).get().recount().await().atMost(Duration.ofSeconds(10));
        assertThat(counts.gaps()).isGreaterThanOrEqualTo(1);
        String metrics = given().when().get("/q/metrics").asString();
        assertThat(metrics).contains("quote_sequence_unsigned_total{status=\"FAILED\"}").contains("quote_sequence_gaps");

        // the signer comes back; the client retries with the same key and gets a new quote with a new number
        SignerResource.startSigner();
        Response retried = post(subscription, key, esMa(subscription, "100.00"));
        retried.then().statusCode(201).body("status", equalTo("SIGNED"));
        long newSeq = ((Number) retried.path("partnerQuoteSeq")).longValue();
        assertThat(newSeq).isGreaterThan(failedSeq);
        assertThat(retried.<String> path("quoteId")).isNotEqualTo(failedId);
        assertThat(Db.count("SELECT count(*) FROM quote.quote WHERE partner_quote_seq = ?", failedSeq)).isEqualTo(1);

        // the failed quote stays FAILED even if the restarted signer answers its old request late
        Thread.sleep(2000);
        assertThat(Db.string("SELECT status FROM quote.quote WHERE quote_id = ?", failedId)).isEqualTo("FAILED");
        try (KafkaTestHelper kafka = KafkaTestHelper.onSharedBroker()) {
            assertThat(kafka.awaitRecords(Topics.QUOTE_EVENTS, 1, Duration.ofSeconds(20),
                    r -> failedId.equals(r.key()) && r.value().contains("\"FAILED\""))).hasSize(1);
        }
        // and GET shows it as FAILED, without a JWS
        Api.customer(subscription).when().get("/v1/quotes/" + failedId).then().statusCode(200)
                .body("status", equalTo("FAILED")).body("errorCode", equalTo("signer.unavailable"))
                .body("jws", org.hamcrest.Matchers.nullValue());
    }
}
