package com.partnerplatform.signer.signing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;
import com.partnerplatform.events.audit.SignerAuditRecord;
import com.partnerplatform.events.serde.SignerAuditRecordDeserializer;
import com.partnerplatform.events.serde.SigningReplyDeserializer;
import com.partnerplatform.events.signing.SigningOutcome;
import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.signer.KafkaRecords;
import com.partnerplatform.signer.PublishedKeys;
import com.partnerplatform.signer.Quotes;
import com.partnerplatform.testsupport.KafkaBroker;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;

/** Bad input is refused with a specific code and nothing is signed; good input survives bad neighbours and replays. */
@QuarkusTest
class SigningReliabilityTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Map<String, byte[]> requesterHeaders(byte[] correlation) {
        return Map.of(KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER, correlation,
                KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER, Topics.QUOTE_SIGNING_REPLIES.getBytes(StandardCharsets.UTF_8));
    }

    private static RecordMetadata send(String quoteId, byte[] value) {
        return KafkaRecords.produce(Topics.QUOTE_SIGNING_REQUESTS, quoteId, value, requesterHeaders(quoteId.getBytes(StandardCharsets.UTF_8)));
    }

    private static RecordMetadata send(Map<String, Object> claims) {
        String quoteId = (String) claims.get("quote_id");
        return send(quoteId, Quotes.json(Quotes.request(claims)).getBytes(StandardCharsets.UTF_8));
    }

    private static SigningReply replyFor(String quoteId) {
        ConsumerRecord<String, byte[]> record = KafkaRecords.awaitKey(Topics.QUOTE_SIGNING_REPLIES, quoteId, 1, WAIT).get(0);
        assertThat(KafkaRecords.header(record, KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER))
                .containsExactly(quoteId.getBytes(StandardCharsets.UTF_8));
        return new SigningReplyDeserializer().deserialize(Topics.QUOTE_SIGNING_REPLIES, record.value());
    }

    private static List<SignerAuditRecord> auditFor(String quoteId, int count) {
        return KafkaRecords.awaitKey(Topics.SIGNER_AUDIT, quoteId, count, WAIT).stream()
                .map(r -> new SignerAuditRecordDeserializer().deserialize(Topics.SIGNER_AUDIT, r.value())).toList();
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheNextRequestIsStillAnswered() {
        String poisonId = "QT-POISON-" + System.nanoTime();
        byte[] poison = "{\"quoteId\": \"QT-1\", \"claims\": {\"quote_id\": ".getBytes(StandardCharsets.UTF_8);
        RecordMetadata poisonAt = send(poisonId, poison);
        Map<String, Object> valid = Quotes.claims(Quotes.newQuoteId());
        send(valid);

        assertThat(replyFor((String) valid.get("quote_id")).outcome()).isEqualTo(SigningOutcome.SIGNED);
        ConsumerRecord<String, byte[]> dead = KafkaRecords.awaitKey(Topics.QUOTE_SIGNING_DEAD_LETTER, poisonId, 1, WAIT).get(0);
        assertThat(dead.value()).as("the original bytes are kept").containsExactly(poison);
        assertThat(new String(KafkaRecords.header(dead, "dead-letter-reason"), StandardCharsets.UTF_8)).contains("SigningRequest");
        assertThat(new String(KafkaRecords.header(dead, "dead-letter-offset"), StandardCharsets.UTF_8))
                .isEqualTo(Long.toString(poisonAt.offset()));
        SigningReply malformed = replyFor(poisonId);
        assertThat(malformed.outcome()).isEqualTo(SigningOutcome.REJECTED);
        assertThat(malformed.errorCode()).isEqualTo(SignerErrors.REQUEST_MALFORMED);
    }

    @Test
    void wrongTypesInTheEnvelopeAreDeadLettered() {
        String id = "QT-WRONG-TYPES-" + System.nanoTime();
        byte[] value = ("{\"quoteId\":\"" + id + "\",\"correlationId\":\"c\",\"claims\":[\"not\",\"an\",\"object\"],"
                + "\"requestedAt\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
        send(id, value);
        assertThat(KafkaRecords.awaitKey(Topics.QUOTE_SIGNING_DEAD_LETTER, id, 1, WAIT)).hasSize(1);
        assertThat(replyFor(id).errorCode()).isEqualTo(SignerErrors.REQUEST_MALFORMED);
    }

    private record Case(String name, Consumer<Map<String, Object>> mutation, String code, String claim) {
    }

    @Test
    void badClaimsAreRejectedWithTheSpecCodeAndTheClaimAndNothingIsSigned() {
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        List<Case> cases = List.of(
                new Case("unknown claim", c -> c.put("customer_name", "Jane"), "quote.invalid", "customer_name"),
                new Case("money as a number", c -> c.put("send_amount", new BigDecimal("100.00")), "quote.invalid", "send_amount"),
                new Case("another partner", c -> c.put("partner_id", "PRT-OTHER"), "quote.invalid", "partner_id"),
                new Case("expired", c -> {
                    c.putAll(Quotes.claims((String) c.get("quote_id"), now.minusSeconds(900), now.minusSeconds(1)));
                }, "quote.expired", "exp"),
                new Case("lifetime above 15 minutes", c -> {
                    c.putAll(Quotes.claims((String) c.get("quote_id"), now, now.plusSeconds(901)));
                }, "quote.invalid", "exp"),
                new Case("huge", c -> c.put("padding", "x".repeat(20_000)), SignerErrors.REQUEST_TOO_LARGE, null));
        Map<String, Case> byQuote = new LinkedHashMap<>();
        for (Case c : cases) {
            Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
            c.mutation().accept(claims);
            byQuote.put((String) claims.get("quote_id"), c);
            send(claims);
        }
        byQuote.forEach((quoteId, c) -> {
            SigningReply reply = replyFor(quoteId);
            assertThat(reply.outcome()).as(c.name()).isEqualTo(SigningOutcome.REJECTED);
            assertThat(reply.errorCode()).as(c.name()).isEqualTo(c.code());
            assertThat(reply.errorClaim()).as(c.name()).isEqualTo(c.claim());
            assertThat(reply.jws()).as(c.name()).isNull();
            SignerAuditRecord audit = auditFor(quoteId, 1).get(0);
            assertThat(audit.outcome()).as(c.name()).isEqualTo("REJECTED");
            assertThat(audit.errorCode()).as(c.name()).isEqualTo(c.code());
            assertThat(audit.kid()).as(c.name()).isNull();
        });
        List<ConsumerRecord<String, byte[]>> everyReply = KafkaRecords.readAll(Topics.QUOTE_SIGNING_REPLIES, Duration.ofSeconds(1));
        assertThat(everyReply).filteredOn(r -> byQuote.containsKey(r.key()))
                .as("exactly one reply per refused request, none signed").hasSize(cases.size())
                .allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain("\"SIGNED\""));
    }

    @Test
    void aReplayedRequestYieldsAByteIdenticalJws() {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        String quoteId = (String) claims.get("quote_id");
        byte[] value = Quotes.json(Quotes.request(claims)).getBytes(StandardCharsets.UTF_8);
        send(quoteId, value);
        send(quoteId, value);

        List<SigningReply> replies = KafkaRecords.awaitKey(Topics.QUOTE_SIGNING_REPLIES, quoteId, 2, WAIT).stream()
                .map(r -> new SigningReplyDeserializer().deserialize(Topics.QUOTE_SIGNING_REPLIES, r.value())).toList();
        assertThat(replies).extracting(SigningReply::outcome).containsOnly(SigningOutcome.SIGNED);
        assertThat(replies.get(1).kid()).isEqualTo(replies.get(0).kid());
        assertThat(replies.get(1).jws().getBytes(StandardCharsets.US_ASCII))
                .containsExactly(replies.get(0).jws().getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theAuditNamesWhatWasSignedByDigestAndNeverCarriesClaimValuesOrTheJws() {
        Map<String, Object> signed = Quotes.claims(Quotes.newQuoteId());
        Map<String, Object> refused = Quotes.claims(Quotes.newQuoteId());
        refused.put("partner_id", "PRT-OTHER");
        send(signed);
        send(refused);
        SigningReply reply = replyFor((String) signed.get("quote_id"));
        replyFor((String) refused.get("quote_id"));

        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        records.addAll(KafkaRecords.awaitKey(Topics.SIGNER_AUDIT, (String) signed.get("quote_id"), 1, WAIT));
        records.addAll(KafkaRecords.awaitKey(Topics.SIGNER_AUDIT, (String) refused.get("quote_id"), 1, WAIT));
        for (ConsumerRecord<String, byte[]> record : records) {
            String text = new String(record.value(), StandardCharsets.UTF_8);
            for (Map<String, Object> claims : List.of(signed, refused)) {
                assertThat(text).doesNotContain((String) claims.get("subscription_id"))
                        .doesNotContain((String) claims.get("send_amount"))
                        .doesNotContain((String) claims.get("total_consumer_cost"));
            }
            assertThat(text).doesNotContain(reply.jws().split("\\.")[2]).doesNotContain("\"n\"");
        }
        SignerAuditRecord audit = new SignerAuditRecordDeserializer().deserialize(Topics.SIGNER_AUDIT, records.get(0).value());
        byte[] payload = Base64.getUrlDecoder().decode(reply.jws().split("\\.")[1]);
        assertThat(audit.outcome()).isEqualTo("SIGNED");
        assertThat(audit.payloadSha256()).isEqualTo(Digests.sha256Hex(payload));
        assertThat(audit.jti()).isEqualTo(signed.get("jti"));
        assertThat(audit.kid()).isEqualTo(reply.kid());
        assertThat(PublishedKeys.verify(reply.jws(), reply.kid()).claims()).containsEntry("subscription_id", signed.get("subscription_id"));
    }

    @Test
    void offsetsAreCommittedOnceRequestsAreAnswered() throws Exception {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        RecordMetadata sent = send(claims);
        replyFor((String) claims.get("quote_id"));
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("signer-service")
                        .partitionsToOffsetAndMetadata().get();
                assertThat(committed.get(partition)).isNotNull();
                assertThat(committed.get(partition).offset()).isGreaterThan(sent.offset());
            });
        }
    }

    @Test
    void signaturesRejectionsLatencyAndBatchSizeAreExposedAsMetrics() {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        Map<String, Object> refused = Quotes.claims(Quotes.newQuoteId());
        refused.remove("jti");
        send(claims);
        send(refused);
        SigningReply reply = replyFor((String) claims.get("quote_id"));
        replyFor((String) refused.get("quote_id"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("signer_signatures_total{custody=\"dev\",kid=\"" + reply.kid() + "\"")
                .contains("signer_rejections_total{code=\"quote.invalid\"")
                .contains("signer_sign_latency_seconds_bucket{custody=\"dev\"")
                .contains("signer_batch_size_bucket")
                .contains("signer_request_latency_seconds_count");
    }
}
