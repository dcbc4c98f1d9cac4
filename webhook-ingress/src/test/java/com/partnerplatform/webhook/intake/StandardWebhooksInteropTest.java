package com.partnerplatform.webhook.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.testsupport.KafkaTestHelper;
import com.partnerplatform.webhook.testing.CloudEvents;
import com.partnerplatform.webhook.testing.NodeInterop;
import com.partnerplatform.webhook.testing.TestMaterial;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Deliveries signed by an independent implementation, the npm {@code standardwebhooks} package (v1)
 * and Node's OpenSSL ed25519 (v1a), sent by Node's HTTP client to the running service.
 */
@QuarkusTest
class StandardWebhooksInteropTest {

    private static final List<String> GENUINE = List.of("v1", "mixed-case", "v1a");
    private static final List<String> TAMPERED = List.of("tamper-body", "tamper-id", "tamper-timestamp", "tamper-signature",
            "stale", "wrong-secret");

    @TestHTTPResource("/webhooks/ycmt")
    URI endpoint;

    @Test
    void deliveriesSignedByTheNpmPackageAreAcceptedAndTamperedOnesAreNot() throws Exception {
        List<Map<String, String>> deliveries = new ArrayList<>();
        for (String mode : concat(GENUINE, TAMPERED)) {
            String id = "msg_node_" + mode + "_" + UUID.randomUUID();
            // non-ASCII text proves that the exact UTF-8 bytes are verified, not a re-encoding
            String body = "{\"type\":\"transfer.status.changed\",\"transferId\":\"tr-" + UUID.randomUUID()
                    + "\",\"transferStatus\":\"PAID\",\"statusReason\":\"Überweisung bestätigt ✓\",\"beneficiaryName\":\"Zoë Ø\"}";
            deliveries.add(Map.of("id", id, "body", body, "mode", mode));
        }
        Map<String, Object> input = new HashMap<>();
        input.put("url", endpoint.toString());
        input.put("secret", TestMaterial.secrets().get(0));
        input.put("foreignSecret", TestMaterial.FOREIGN_SECRET);
        input.put("edSeed", Base64.getEncoder().encodeToString(TestMaterial.V1A_SEED));
        input.put("deliveries", deliveries);

        JsonNode results = Json.MAPPER.readTree(NodeInterop.run("deliver.js", Json.MAPPER.writeValueAsString(input)));

        Map<String, Integer> statusByMode = new HashMap<>();
        Map<String, String> idByMode = new HashMap<>();
        results.forEach(result -> {
            statusByMode.put(result.get("mode").asText(), result.get("status").asInt());
            idByMode.put(result.get("mode").asText(), result.get("id").asText());
        });
        GENUINE.forEach(mode -> assertThat(statusByMode.get(mode)).as(mode).isEqualTo(200));
        TAMPERED.forEach(mode -> assertThat(statusByMode.get(mode)).as(mode).isEqualTo(401));
        try (KafkaTestHelper kafka = KafkaTestHelper.onSharedBroker()) {
            Set<String> genuineIds = Set.copyOf(GENUINE.stream().map(idByMode::get).toList());
            kafka.awaitRecords(Topics.YCMT_WEBHOOK_EVENTS, GENUINE.size(), Duration.ofSeconds(30),
                    record -> genuineIds.contains(CloudEvents.read(record).id()));
            List<ConsumerRecord<String, String>> all = kafka.readAll(Topics.YCMT_WEBHOOK_EVENTS, Duration.ofMillis(1500));
            Set<String> tamperedIds = Set.copyOf(TAMPERED.stream().map(idByMode::get).toList());
            assertThat(CloudEvents.countsById(all, tamperedIds)).isEmpty();
            assertThat(CloudEvents.countsById(all, genuineIds)).containsOnlyKeys(genuineIds).allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
