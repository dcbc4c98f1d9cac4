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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;
import com.partnerplatform.quote.support.Api;
import com.partnerplatform.quote.support.Db;
import com.partnerplatform.testsupport.KafkaTestHelper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * An instance died between storing a quote PENDING and answering it: the row an instance leaves
 * behind is written here as that instance would have (a copy of a real quote's row with its own
 * number, PENDING, no JWS). A retry with the same key and request must not wait for the sweeper.
 */
@QuarkusTest
class OrphanedPendingTest {

    @Test
    void aRetryAfterTheSigningTimeoutFailsTheOrphanAsAGapAndGetsANewHigherNumberAtOnce() throws Exception {
        Api.freshRates(Instant.now());
        String subscription = newSubscription();
        String key = newKey();
        Orphan orphan = orphan(subscription, key, Duration.ofSeconds(30));

        Response retried = post(subscription, key, esMa(subscription, "100.00"));
        retried.then().statusCode(201).body("status", equalTo("SIGNED"));
        long newSeq = ((Number) retried.path("partnerQuoteSeq")).longValue();
        assertThat(newSeq).isGreaterThan(orphan.seq());
        assertThat(retried.<String> path("quoteId")).isNotEqualTo(orphan.quoteId());

        // the orphan's number is a recorded gap: FAILED, in the history, announced, counted - and never reused
        assertThat(Db.string("SELECT status FROM quote.quote WHERE quote_id = ?", orphan.quoteId())).isEqualTo("FAILED");
        assertThat(Db.string("SELECT error_code FROM quote.quote WHERE quote_id = ?", orphan.quoteId()))
                .isEqualTo("signer.unavailable");
        assertThat(Db.strings("SELECT status FROM quote.quote_status_history WHERE quote_id = ? ORDER BY id", orphan.quoteId()))
                .containsExactly("PENDING", "FAILED");
        assertThat(Db.count("SELECT count(*) FROM quote.quote WHERE partner_quote_seq = ?", orphan.seq())).isEqualTo(1);
        try (KafkaTestHelper kafka = KafkaTestHelper.onSharedBroker()) {
            assertThat(kafka.awaitRecords(Topics.QUOTE_EVENTS, 1, Duration.ofSeconds(20),
                    r -> orphan.quoteId().equals(r.key()) && r.value().contains("\"FAILED\""))).hasSize(1);
        }
        assertThat(given().when().get("/q/metrics").asString()).contains("quote_sequence_unsigned_total{status=\"FAILED\"}");

        // and a further retry replays the new quote
        post(subscription, key, esMa(subscription, "100.00")).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("quoteId", equalTo(retried.<String> path("quoteId")));
    }

    @Test
    void aPendingAttemptYoungerThanTheSigningTimeoutStillHoldsItsKey() {
        Api.freshRates(Instant.now());
        String subscription = newSubscription();
        String key = newKey();
        Orphan young = orphan(subscription, key, Duration.ZERO);
        long seqBefore = Db.sequenceLastValue();

        post(subscription, key, esMa(subscription, "100.00")).then().statusCode(409)
                .header("Retry-After", "1").body("code", equalTo("idempotency.inProgress"));
        assertThat(Db.string("SELECT status FROM quote.quote WHERE quote_id = ?", young.quoteId())).isEqualTo("PENDING");
        assertThat(Db.sequenceLastValue()).isEqualTo(seqBefore);
        Db.execute("UPDATE quote.quote SET status = 'FAILED', error_code = 'test.cleanup' WHERE quote_id = ?", young.quoteId());
    }

    @Test
    void twoRetriesRacingForOneOrphanIssueOneQuote() throws Exception {
        Api.freshRates(Instant.now());
        String subscription = newSubscription();
        String key = newKey();
        Orphan orphan = orphan(subscription, key, Duration.ofSeconds(30));

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Response>> retries = List.of(1, 2).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return post(subscription, key, esMa(subscription, "100.00"));
                })).toList();
        start.countDown();
        List<Response> answers = retries.stream().map(CompletableFuture::join).toList();

        assertThat(answers).extracting(Response::statusCode).allMatch(status -> status == 201 || status == 409)
                .contains(201);
        assertThat(answers.stream().filter(r -> r.statusCode() == 201).map(r -> r.<String> path("quoteId")).distinct())
                .hasSize(1);
        // one new quote under the key besides the orphan: no number was issued twice
        assertThat(Db.strings("SELECT status FROM quote.quote WHERE idempotency_key = ? AND quote_id <> ?", key,
                orphan.quoteId())).containsExactly("SIGNED");
        assertThat(Db.string("SELECT status FROM quote.quote WHERE quote_id = ?", orphan.quoteId())).isEqualTo("FAILED");
    }

    record Orphan(String quoteId, long seq) {
    }

    /**
     * The row a crashed instance leaves: this request's pricing and payload (taken from a real quote
     * of the same request under another key), its own fresh number, PENDING since {@code age} ago.
     */
    private static Orphan orphan(String subscription, String key, Duration age) {
        String templateKey = newKey();
        Response template = post(subscription, templateKey, esMa(subscription, "100.00"));
        template.then().statusCode(201);
        long seq = Db.count("SELECT nextval('quote.partner_quote_seq')");
        String quoteId = "QT-ORPHAN-" + seq;
        Db.execute("""
                INSERT INTO quote.quote (quote_id, partner_quote_seq, jti, partner_id, subscription_id, idempotency_key,
                  request_sha256, corridor, send_amount, send_currency, receive_amount, receive_currency, fx_rate,
                  market_rate, rate_source, rate_as_of, total_consumer_cost, issued_at, expires_at, canonical_payload,
                  payload_sha256, correlation_id, status, created_at, updated_at)
                SELECT ?, ?, jti || '-orphan', partner_id, subscription_id, ?, request_sha256, corridor, send_amount,
                  send_currency, receive_amount, receive_currency, fx_rate, market_rate, rate_source, rate_as_of,
                  total_consumer_cost, issued_at, expires_at, canonical_payload, payload_sha256, 'orphan-' || ?,
                  'PENDING', clock_timestamp() - ?::interval, clock_timestamp() - ?::interval
                FROM quote.quote WHERE quote_id = ?""", quoteId, seq, key, seq, age.toSeconds() + " seconds",
                age.toSeconds() + " seconds", template.<String> path("quoteId"));
        Db.execute("INSERT INTO quote.quote_status_history (quote_id, status, correlation_id) VALUES (?, 'PENDING', ?)",
                quoteId, "orphan-" + seq);
        return new Orphan(quoteId, seq);
    }
}
