package com.partnerplatform.ygg.audit;

import static com.partnerplatform.ygg.testing.Gateway.API_KEY;
import static com.partnerplatform.ygg.testing.Gateway.DEDUCT;
import static com.partnerplatform.ygg.testing.Gateway.PREVIOUS_SECRET;
import static com.partnerplatform.ygg.testing.Gateway.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.EventSchemas;
import com.partnerplatform.events.Headers;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.events.ygg.YggAuditRecord;
import com.partnerplatform.testsupport.KafkaTestHelper;
import com.partnerplatform.ygg.client.YggClient;
import com.partnerplatform.ygg.testing.Gateway;
import com.partnerplatform.ygg.testing.Gateway.Reply;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every request, accepted or rejected, leaves one audit record on {@code ygg.redeem.audit}, keyed by request id,
 * that never carries the API key, a secret, a signature or the body.
 */
@QuarkusTest
class AuditTrailTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestHelper kafka;

    @TestHTTPResource("/")
    URL base;

    @Inject
    AuditTrail auditTrail;

    private Gateway gateway;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestHelper.onSharedBroker();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void setUp() {
        gateway = new Gateway(base);
    }

    private YggAuditRecord awaitByCorrelationId(String correlationId) {
        List<ConsumerRecord<String, String>> records = kafka.awaitRecords(Topics.YGG_REDEEM_AUDIT, 1, WAIT,
                r -> correlationId.equals(KafkaTestHelper.header(r, Headers.CORRELATION_ID)));
        assertThat(records).hasSize(1);
        return parse(records.get(0));
    }

    private static YggAuditRecord parse(ConsumerRecord<String, String> record) {
        try {
            JsonNode json = Json.MAPPER.readTree(record.value());
            assertThat(EventSchemas.validate(YggAuditRecord.SCHEMA, json)).isEmpty();
            assertThat(KafkaTestHelper.header(record, Headers.SCHEMA)).isEqualTo(YggAuditRecord.SCHEMA);
            return Json.MAPPER.treeToValue(json, YggAuditRecord.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAcceptedRequestIsAuditedKeyedByItsRequestId() {
        String correlationId = "audit-accepted-" + UUID.randomUUID();
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, "{\"address\":\"0xa\",\"points\":1}");
        Instant before = Instant.now();

        Reply reply = gateway.send(request, Map.of("X-Correlation-Id", correlationId));

        assertThat(reply.status()).isEqualTo(200);
        List<ConsumerRecord<String, String>> records = kafka.awaitRecords(Topics.YGG_REDEEM_AUDIT, 1, WAIT,
                r -> request.requestId().equals(r.key()));
        YggAuditRecord audit = parse(records.get(0));
        assertThat(audit.requestId()).isEqualTo(request.requestId());
        assertThat(audit.method()).isEqualTo("POST");
        assertThat(audit.path()).isEqualTo(DEDUCT);
        assertThat(audit.outcome()).isEqualTo("ACCEPTED");
        assertThat(audit.httpStatus()).isEqualTo(200);
        assertThat(audit.latencyMicros()).isPositive();
        assertThat(audit.correlationId()).isEqualTo(correlationId);
        assertThat(audit.at()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
    }

    @Test
    void aRejectedRequestIsAuditedWithItsErrorCode() {
        String correlationId = "audit-rejected-" + UUID.randomUUID();
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, "{\"address\":\"0xa\",\"points\":1}");

        Map<String, String> headers = new java.util.HashMap<>(request.headers());
        headers.put("X-Correlation-Id", correlationId);
        gateway.send("POST", DEDUCT, headers, "{\"address\":\"0xa\",\"points\":2}".getBytes(StandardCharsets.UTF_8));

        YggAuditRecord audit = awaitByCorrelationId(correlationId);
        assertThat(audit.outcome()).isEqualTo("ERR-INVALID-SIGNATURE");
        assertThat(audit.httpStatus()).isEqualTo(401);
        assertThat(audit.requestId()).isEqualTo(request.requestId());
    }

    @Test
    void aRequestWithoutAValidIdIsAuditedWithoutOneAndNeverEchoesTheInvalidText() {
        String correlationId = "audit-invalid-id-" + UUID.randomUUID();
        String hostile = "01987d64-6519-447b-9200-beba98700464"; // version 4

        gateway.send("POST", DEDUCT, Map.of("X-API-KEY", API_KEY, "X-API-REQUEST", hostile, "X-API-SIGNATURE", "00",
                "X-Correlation-Id", correlationId), "{}".getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, String>> records = kafka.awaitRecords(Topics.YGG_REDEEM_AUDIT, 1, WAIT,
                r -> correlationId.equals(KafkaTestHelper.header(r, Headers.CORRELATION_ID)));
        assertThat(records.get(0).key()).isNull();
        assertThat(records.get(0).value()).doesNotContain(hostile);
        assertThat(parse(records.get(0)).outcome()).isEqualTo("ERR-INVALID-REQUEST-ID");
    }

    @Test
    void anUnknownRouteIsAuditedToo() {
        String correlationId = "audit-not-found-" + UUID.randomUUID();

        gateway.send("DELETE", "/api/v2/whatever?secret=query", Map.of("X-Correlation-Id", correlationId), null);

        YggAuditRecord audit = awaitByCorrelationId(correlationId);
        assertThat(audit.outcome()).isEqualTo("ERR-NOT-FOUND");
        assertThat(audit.httpStatus()).isEqualTo(404);
        assertThat(audit.path()).as("the query is never audited").isEqualTo("/api/v2/whatever");
        assertThat(audit.method()).isEqualTo("DELETE");
    }

    @Test
    void auditRecordsNeverCarryTheKeySecretSignatureOrBody() {
        String marker = "PLANTED-BODY-" + UUID.randomUUID();
        String body = "{\"address\":\"" + marker + "\",\"points\":1}";
        String correlationPrefix = "audit-planted-" + UUID.randomUUID();
        YggClient.SignedRequest accepted = Gateway.ygg().sign("POST", DEDUCT, body);
        YggClient.SignedRequest wrongSecret = YggClient.create(API_KEY, "planted-wrong-secret-0123456789abcdef")
                .sign("POST", DEDUCT, body);
        String plantedKey = "PLANTED-KEY-" + UUID.randomUUID();

        Reply ok = gateway.send(accepted, Map.of("X-Correlation-Id", correlationPrefix + "-1"));
        gateway.send(wrongSecret, Map.of("X-Correlation-Id", correlationPrefix + "-2"));
        gateway.send("POST", DEDUCT, Map.of("X-API-KEY", plantedKey, "X-API-REQUEST", accepted.requestId(),
                "X-API-SIGNATURE", accepted.signature(), "X-Correlation-Id", correlationPrefix + "-3"),
                body.getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, String>> records = kafka.awaitRecords(Topics.YGG_REDEEM_AUDIT, 3, WAIT,
                r -> String.valueOf(KafkaTestHelper.header(r, Headers.CORRELATION_ID)).startsWith(correlationPrefix));
        List<String> planted = List.of(API_KEY, plantedKey, SECRET, PREVIOUS_SECRET, accepted.signature(),
                wrongSecret.signature(), ok.header("X-API-SIGNATURE"), marker);
        for (ConsumerRecord<String, String> record : records) {
            StringBuilder everything = new StringBuilder(record.value()).append(record.key());
            record.headers().forEach(h -> everything.append(h.key()).append(new String(h.value(), StandardCharsets.UTF_8)));
            for (String value : planted) {
                assertThat(everything.toString()).doesNotContain(value);
            }
        }
        assertThat(records).extracting(r -> parse(r).outcome())
                .containsExactlyInAnyOrder("ACCEPTED", "ERR-INVALID-SIGNATURE", "ERR-AUTH-FAILED");
    }

    @Test
    void theLogNeverCarriesTheKeySecretSignatureOrBody() throws IOException {
        String marker = "PLANTED-LOG-BODY-" + UUID.randomUUID();
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, "{\"address\":\"" + marker + "\"}");
        gateway.send(request);
        gateway.send("POST", "/test/not-json", request.headers(), "{\"x\":1}".getBytes(StandardCharsets.UTF_8));
        gateway.send("POST", DEDUCT, Map.of("X-API-KEY", "PLANTED-LOG-KEY-0123456789"), new byte[0]);

        String log = Files.readString(Path.of("target/ygg-gateway-test.log"));

        assertThat(log).contains("rejected POST " + DEDUCT); // the debug lines are there to be scanned
        for (String value : List.of(API_KEY, SECRET, PREVIOUS_SECRET, request.signature(), marker,
                "PLANTED-LOG-KEY-0123456789")) {
            assertThat(log).doesNotContain(value);
        }
    }

    @Test
    void failedAuditPublicationsAreCounted() {
        assertThat(auditTrail.failures()).as("a healthy broker takes every record").isZero();
    }

    @Test
    void theTrailWritesToTheTopicNamedInEventSchemas() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }

        assertThat(properties.getProperty("ygg-audit.topic"))
                .isEqualTo(Topics.YGG_REDEEM_AUDIT);
    }
}
