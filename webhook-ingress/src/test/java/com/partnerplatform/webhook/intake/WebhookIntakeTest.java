package com.partnerplatform.webhook.intake;

import java.util.LinkedHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.net.http.HttpResponse;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.CloudEventTypes;
import com.partnerplatform.events.Headers;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.events.serde.QuarantineRecordDeserializer;
import com.partnerplatform.events.webhook.QuarantineRecord;
import com.partnerplatform.events.webhook.WebhookCloudEvent;
import com.partnerplatform.testsupport.KafkaTestHelper;
import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.webhook.testing.CloudEvents;
import com.partnerplatform.webhook.testing.TestEvents;
import com.partnerplatform.webhook.testing.TestMaterial;
import com.partnerplatform.webhook.testing.TestSigner;
import com.partnerplatform.webhook.testing.WebhookClient;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The endpoint end to end against the real broker and database: what is answered, published, recorded, quarantined. */
@QuarkusTest
class WebhookIntakeTest {

    private static final KafkaTestHelper KAFKA = KafkaTestHelper.onSharedBroker();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(1500);

    @TestHTTPResource("/webhooks/ycmt")
    URI endpoint;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @AfterAll
    static void closeKafka() {
        KAFKA.close();
    }

    @Test
    void anAuthenticDeliveryIsPublishedAsACloudEventKeyedByTransferThenAnswered200() throws Exception {
        String id = newId();
        String transferId = "tr-" + UUID.randomUUID();
        byte[] body = TestEvents.transferStatusChanged(transferId, "PAID");
        Map<String, String> headers = signed(TestMaterial.secrets().get(0), id, now(), body);
        headers.put("X-Correlation-Id", "corr-" + id);
        headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        HttpResponse<String> response = WebhookClient.post(endpoint, headers, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(response.body()).get("outcome").asText()).isEqualTo("accepted");
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue("corr-" + id);
        ConsumerRecord<String, String> record = awaitEvent(id);
        assertThat(record.key()).isEqualTo(transferId);
        assertThat(KafkaTestHelper.header(record, Headers.CORRELATION_ID)).isEqualTo("corr-" + id);
        assertThat(KafkaTestHelper.header(record, Headers.SCHEMA)).isEqualTo(WebhookCloudEvent.SCHEMA);
        assertThat(KafkaTestHelper.header(record, Headers.TRACEPARENT)).contains("4bf92f3577b34da6a3ce929d0e0e4736");
        WebhookCloudEvent event = CloudEvents.read(record);
        assertThat(event.specversion()).isEqualTo("1.0");
        assertThat(event.type()).isEqualTo(CloudEventTypes.ycmtWebhook("transfer.status.changed"));
        assertThat(event.source()).isEqualTo(CloudEventTypes.YCMT_WEBHOOK_SOURCE);
        assertThat(event.subject()).isEqualTo(transferId);
        assertThat(event.time()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
        assertThat(event.data()).containsEntry("transferId", transferId).containsEntry("transferStatus", "PAID");
        assertThat(TestMaterial.deliveryRow(id)).isEqualTo("ACCEPTED/1");
    }

    @Test
    void plantedPersonalFieldsNeverReachKafka() {
        String id = newId();
        byte[] body = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "HELD");

        assertThat(WebhookClient.post(endpoint, signed(TestMaterial.secrets().get(0), id, now(), body), body).statusCode())
                .isEqualTo(200);

        ConsumerRecord<String, String> record = awaitEvent(id);
        assertThat(TestEvents.freeOfPlantedPersonalData(record.value())).as(record.value()).isTrue();
        assertThat(record.value()).doesNotContain("120.50").doesNotContain("sender");
        record.headers().forEach(header -> assertThat(TestEvents.freeOfPlantedPersonalData(
                new String(header.value(), StandardCharsets.UTF_8))).isTrue());
    }

    @Test
    void aVerifiedDuplicateOfAnAcceptedDeliveryAnswers200AndPublishesNothingNew() throws Exception {
        String id = newId();
        byte[] body = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "PAID");
        Map<String, String> first = signed(TestMaterial.secrets().get(0), id, now(), body);
        assertThat(WebhookClient.post(endpoint, first, body).statusCode()).isEqualTo(200);
        awaitEvent(id);

        HttpResponse<String> retry = WebhookClient.post(endpoint, signed(TestMaterial.secrets().get(0), id, now() + 1, body), body);
        HttpResponse<String> replay = WebhookClient.post(endpoint, first, body);

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(retry.body()).get("outcome").asText()).isEqualTo("duplicate");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(eventsWithId(id)).isEqualTo(1);
        assertThat(TestMaterial.deliveryRow(id)).isEqualTo("ACCEPTED/3");
    }

    @Test
    void aRetryOfADeliveryLeftReceivedIsPublishedAgainAsTheSameCloudEvent() throws Exception {
        // the state a crash between publication and the ACCEPTED mark leaves behind
        String id = newId();
        String transferId = "tr-" + UUID.randomUUID();
        byte[] body = ("{\"type\":\"transfer.created\",\"transferId\":\"" + transferId + "\"}").getBytes(StandardCharsets.UTF_8);
        Instant firstReceipt = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
        try (Connection connection = PostgresServer.open(PostgresServer.sharedSettings());
                PreparedStatement insert = connection.prepareStatement("insert into webhook.delivery"
                        + " (delivery_id, state, body_sha256, received_at, attempts) values (?, 'RECEIVED', ?, ?, 1)")) {
            insert.setString(1, id);
            insert.setString(2, sha256Hex(body));
            insert.setTimestamp(3, Timestamp.from(firstReceipt));
            insert.executeUpdate();
        }

        assertThat(WebhookClient.post(endpoint, signed(TestMaterial.secrets().get(0), id, now(), body), body).statusCode())
                .isEqualTo(200);

        WebhookCloudEvent event = CloudEvents.read(awaitEvent(id));
        assertThat(event.subject()).isEqualTo(transferId);
        assertThat(event.time()).as("the time of first receipt, stable across re-publication").isEqualTo(firstReceipt);
        assertThat(TestMaterial.deliveryRow(id)).isEqualTo("ACCEPTED/2");
    }

    @Test
    void aConcurrentBurstMixingNewIdsAndDuplicatesPublishesEveryNewIdOnceAndNothingForTheDuplicates() throws Exception {
        // concurrent deliveries share group-commit statements: one batch holds new ids and duplicates
        String secret = TestMaterial.secrets().get(0);
        Map<String, byte[]> known = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            String id = newId();
            byte[] body = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "PAID");
            assertThat(WebhookClient.post(endpoint, signed(secret, id, now(), body), body).statusCode()).isEqualTo(200);
            known.put(id, body);
        }
        Map<String, byte[]> fresh = new LinkedHashMap<>();
        for (int i = 0; i < 24; i++) {
            fresh.put(newId(), TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "PAID"));
        }
        Map<String, byte[]> all = new LinkedHashMap<>(fresh);
        all.putAll(known);
        ExecutorService senders = Executors.newFixedThreadPool(all.size());
        CountDownLatch go = new CountDownLatch(1);
        Map<String, Future<HttpResponse<String>>> answers = new LinkedHashMap<>();
        try {
            all.forEach((id, body) -> answers.put(id, senders.submit(() -> {
                go.await();
                return WebhookClient.post(endpoint, signed(secret, id, now(), body), body);
            })));
            go.countDown();
            for (Map.Entry<String, Future<HttpResponse<String>>> answer : answers.entrySet()) {
                HttpResponse<String> response = answer.getValue().get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Json.MAPPER.readTree(response.body()).get("outcome").asText())
                        .isEqualTo(fresh.containsKey(answer.getKey()) ? "accepted" : "duplicate");
            }
        } finally {
            senders.shutdownNow();
        }

        Map<String, Long> published = CloudEvents.countsById(KAFKA.readAll(Topics.YCMT_WEBHOOK_EVENTS, QUIET), all.keySet());
        for (String id : all.keySet()) {
            assertThat(published.getOrDefault(id, 0L)).as("records with CloudEvent id %s", id).isEqualTo(1L);
            assertThat(TestMaterial.deliveryRow(id)).isEqualTo(fresh.containsKey(id) ? "ACCEPTED/1" : "ACCEPTED/2");
        }
    }

    @Test
    void theSecondSecretOfARotationAndAnEd25519SignatureAreAccepted() {
        String hmacId = newId();
        byte[] hmacBody = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "PAID");
        String edId = newId();
        byte[] edBody = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "PAID");
        long timestamp = now();
        Map<String, String> edHeaders = new HashMap<>(Map.of("Webhook-Id", edId, "Webhook-Timestamp", String.valueOf(timestamp),
                "Webhook-Signature", TestSigner.v1a(TestMaterial.V1A_SEED, edId, timestamp, edBody)));

        assertThat(WebhookClient.post(endpoint, signed(TestMaterial.secrets().get(1), hmacId, now(), hmacBody), hmacBody).statusCode())
                .isEqualTo(200);
        assertThat(WebhookClient.post(endpoint, edHeaders, edBody).statusCode()).isEqualTo(200);
        awaitEvent(hmacId);
        awaitEvent(edId);
    }

    @Test
    void aForgedDeliveryIsRefusedWith401QuarantinedWithoutItsBodyAndNeverPublished() throws Exception {
        String id = newId();
        byte[] body = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "PAID");
        Map<String, String> headers = signed(TestMaterial.FOREIGN_SECRET, id, now(), body);
        headers.put("Authorization", "Bearer should-never-be-copied");
        double before = failures("signature-mismatch");

        HttpResponse<String> response = WebhookClient.post(endpoint, headers, body);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.MAPPER.readTree(response.body()).get("code").asText()).isEqualTo("webhook.signatureMismatch");
        ConsumerRecord<String, String> quarantined = awaitQuarantine(id);
        QuarantineRecord record = new QuarantineRecordDeserializer().deserialize(Topics.YCMT_WEBHOOK_QUARANTINE,
                quarantined.value().getBytes(StandardCharsets.UTF_8));
        assertThat(quarantined.key()).isEqualTo(id);
        assertThat(record.reason()).isEqualTo("signature-mismatch");
        assertThat(record.bodySha256()).isEqualTo(sha256Hex(body));
        assertThat(record.bodyLength()).isEqualTo(body.length);
        assertThat(record.headers()).containsEntry("webhook-id", id).doesNotContainKeys("webhook-signature", "authorization");
        assertThat(quarantined.value()).doesNotContain(headers.get("webhook-signature").substring(3))
                .doesNotContain("should-never-be-copied").doesNotContain("transfer.status.changed");
        assertThat(TestEvents.freeOfPlantedPersonalData(quarantined.value())).isTrue();
        assertThat(failures("signature-mismatch")).isEqualTo(before + 1);
        assertThat(eventsWithId(id)).isZero();
        assertThat(TestMaterial.deliveryRow(id)).isNull();
    }

    @Test
    void tamperedAndStaleDeliveriesAreRefusedWith401AndNeverPublished() {
        String secret = TestMaterial.secrets().get(0);
        String tamperedId = newId();
        byte[] body = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "PAID");
        Map<String, String> tamperedHeaders = signed(secret, tamperedId, now(), body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("PAID", "CANCELLED").getBytes(StandardCharsets.UTF_8);
        String staleId = newId();
        double staleBefore = failures("timestamp-too-old");

        assertThat(WebhookClient.post(endpoint, tamperedHeaders, tampered).statusCode()).isEqualTo(401);
        assertThat(WebhookClient.post(endpoint, signed(secret, staleId, now() - 301, body), body).statusCode()).isEqualTo(401);

        assertThat(awaitQuarantine(staleId).value()).contains("timestamp-too-old");
        assertThat(failures("timestamp-too-old")).isEqualTo(staleBefore + 1);
        assertThat(eventsWithId(tamperedId) + eventsWithId(staleId)).isZero();
    }

    @Test
    void malformedSignatureHeadersAreRefusedWith400AndQuarantined() throws Exception {
        String id = newId();
        byte[] body = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "PAID");
        Map<String, String> headers = signed(TestMaterial.secrets().get(0), id, now(), body);
        headers.put("webhook-timestamp", "yesterday");

        HttpResponse<String> response = WebhookClient.post(endpoint, headers, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.body()).get("code").asText()).isEqualTo("webhook.malformedHeader");
        assertThat(awaitQuarantine(id).value()).contains("malformed-header");
        assertThat(eventsWithId(id)).isZero();
    }

    @Test
    void anAuthenticBodyThatIsNotAnEventIsRefusedWith400AndQuarantined() {
        String id = newId();
        byte[] body = "{\"type\":\"x\",\"type\":\"y\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookClient.post(endpoint, signed(TestMaterial.secrets().get(0), id, now(), body), body).statusCode())
                .isEqualTo(400);
        assertThat(awaitQuarantine(id).value()).contains("unprocessable-body");
        assertThat(TestMaterial.deliveryRow(id)).isNull();
    }

    @Test
    void aDeliveryIdReusedForADifferentBodyIsRefusedWith409AndNotPublishedAgain() {
        String id = newId();
        String secret = TestMaterial.secrets().get(0);
        byte[] body = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "PAID");
        byte[] other = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "CANCELLED");
        assertThat(WebhookClient.post(endpoint, signed(secret, id, now(), body), body).statusCode()).isEqualTo(200);

        assertThat(WebhookClient.post(endpoint, signed(secret, id, now(), other), other).statusCode()).isEqualTo(409);

        assertThat(awaitQuarantine(id).value()).contains("delivery-id-reused");
        assertThat(eventsWithId(id)).isEqualTo(1);
    }

    @Test
    void anOversizedBodyIsRefusedWith413AndAnythingButJsonWith415() throws Exception {
        String id = newId();
        byte[] huge = ("{\"type\":\"t\",\"pad\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] body = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "PAID");

        HttpResponse<String> tooLarge = WebhookClient.post(endpoint, signed(TestMaterial.secrets().get(0), id, now(), huge), huge);
        HttpResponse<String> form = WebhookClient.post(endpoint, "application/x-www-form-urlencoded",
                signed(TestMaterial.secrets().get(0), id, now(), body), body);
        HttpResponse<String> none = WebhookClient.post(endpoint, null, signed(TestMaterial.secrets().get(0), id, now(), body), body);

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(Json.MAPPER.readTree(tooLarge.body()).get("code").asText()).isEqualTo("request.tooLarge");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(none.statusCode()).isEqualTo(415);
        assertThat(eventsWithId(id)).isZero();
        assertThat(TestMaterial.deliveryRow(id)).isNull();
    }

    private ConsumerRecord<String, String> awaitEvent(String id) {
        return KAFKA.awaitRecords(Topics.YCMT_WEBHOOK_EVENTS, 1, WAIT, r -> id.equals(CloudEvents.read(r).id())).get(0);
    }

    private ConsumerRecord<String, String> awaitQuarantine(String id) {
        return KAFKA.awaitRecords(Topics.YCMT_WEBHOOK_QUARANTINE, 1, WAIT, r -> id.equals(r.key())).get(0);
    }

    private long eventsWithId(String id) {
        List<ConsumerRecord<String, String>> all = KAFKA.readAll(Topics.YCMT_WEBHOOK_EVENTS, QUIET);
        return CloudEvents.countsById(all, Set.of(id)).getOrDefault(id, 0L);
    }

    private double failures(String reason) {
        return WebhookClient.counter(metrics, "webhook_verification_failures_total", "reason", reason);
    }

    static Map<String, String> signed(String secret, String id, long timestamp, byte[] body) {
        return new HashMap<>(TestSigner.headers(secret, id, timestamp, body));
    }

    static String newId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    static String sha256Hex(byte[] body) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    }

}
