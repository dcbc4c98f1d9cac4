package com.partnerplatform.webhook.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.partnerplatform.webhook.testing.RetryingSender;
import com.partnerplatform.webhook.testing.TestEvents;
import com.partnerplatform.webhook.testing.TestMaterial;
import com.partnerplatform.webhook.testing.TestSigner;
import com.partnerplatform.webhook.testing.WebhookClient;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The broker and the database are taken away while a retrying sender delivers, then brought
 * back. Every delivery the sender saw acknowledged must be on Kafka, each exactly once after
 * consumer-side dedupe, and forged, stale or tampered deliveries sent meanwhile never.
 */
@QuarkusTest
@TestProfile(FaultInjectionProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InfrastructureFaultsTest {

    private static final Logger LOG = Logger.getLogger(InfrastructureFaultsTest.class);
    private static final int DELIVERIES = 40;

    @TestHTTPResource("/webhooks/ycmt")
    URI endpoint;

    @Test
    @Order(1)
    void theServiceRunsOnTheRestartableServers() {
        assertThat(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .isEqualTo(RestartableInfrastructure.kafka().bootstrapServers());
        assertThat(ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.url", String.class))
                .contains(":" + RestartableInfrastructure.postgres().port() + "/");
    }

    @Test
    @Order(2)
    void deliveriesDuringABrokerOutageAreAcknowledgedOnlyOnceOnKafka() throws Exception {
        runThroughOutage("kafka", () -> RestartableInfrastructure.kafka().stop(),
                () -> RestartableInfrastructure.kafka().start(Duration.ofSeconds(90)), Duration.ofSeconds(6));
    }

    @Test
    @Order(3)
    void deliveriesDuringADatabaseOutageAreAcknowledgedOnlyOnceOnKafka() throws Exception {
        runThroughOutage("postgres", () -> RestartableInfrastructure.postgres().stop(),
                () -> RestartableInfrastructure.postgres().start(), Duration.ofSeconds(5));
    }

    @Test
    @Order(4)
    void afterBothOutagesTheServiceIsLiveAndReadyAgain() {
        // a liveness probe that stayed DOWN after an outage would have Kubernetes restart healthy pods
        URI base = endpoint.resolve("/");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(WebhookClient.getStatus(base.resolve("/q/health/live"))).isEqualTo(200);
            assertThat(WebhookClient.getStatus(base.resolve("/q/health/ready"))).isEqualTo(200);
        });
    }

    private void runThroughOutage(String what, Runnable takeDown, Runnable bringBack, Duration outage) throws Exception {
        String secret = TestMaterial.secrets().get(0);
        Map<String, byte[]> deliveries = new LinkedHashMap<>();
        for (int i = 0; i < DELIVERIES; i++) {
            deliveries.put("msg_" + what + "_" + i + "_" + UUID.randomUUID(),
                    TestEvents.transferStatusChanged("tr-" + what + "-" + (i % 7), "PAID"));
        }
        RetryingSender sender = new RetryingSender(() -> endpoint, secret, Duration.ofSeconds(120));
        CompletableFuture<List<String>> run = CompletableFuture.supplyAsync(
                () -> sender.deliverAll(deliveries, 4, Duration.ofMillis(100)));
        CompletableFuture<Set<String>> attacks = CompletableFuture.supplyAsync(() -> sendRefusedDeliveries(secret, 8));

        Thread.sleep(1500);
        takeDown.run();
        LOG.infof("%s is down", what);
        Thread.sleep(outage.toMillis());
        bringBack.run();
        LOG.infof("%s is back", what);

        List<String> neverAcknowledged = run.get(240, TimeUnit.SECONDS);
        Set<String> refused = attacks.get(60, TimeUnit.SECONDS);
        LOG.infof("%s outage: statuses %s, connection failures %d", what, sender.statusCounts(), sender.connectionFailures());

        assertThat(neverAcknowledged).as("deliveries the sender gave up on").isEmpty();
        assertThat(sender.statusCounts()).as("the outage was seen as 503 by the sender").containsKey(503);
        assertThat(sender.unavailableWithoutRetryAfter()).as("503 answers without Retry-After").isZero();
        Set<String> acknowledged = new HashSet<>(sender.acknowledged().keySet());
        long duplicates = DeliveryLog.assertDurablyAcceptedExactlyOnce(
                RestartableInfrastructure.kafka().bootstrapServers(), acknowledged, refused);
        LOG.infof("%s outage: %d acknowledged, %d raw re-publications removed by consumer dedupe", what,
                acknowledged.size(), duplicates);
        assertThat(DeliveryLog.states(RestartableInfrastructure.postgres().settings(), acknowledged).values())
                .hasSize(DELIVERIES).containsOnly("ACCEPTED");
    }

    /** Forged, stale and tampered deliveries while the outage runs; none may ever be acknowledged. */
    private Set<String> sendRefusedDeliveries(String secret, int rounds) {
        Set<String> ids = new HashSet<>();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            byte[] body = TestEvents.transferStatusChanged("tr-attack-" + i, "PAID");
            long now = Instant.now().getEpochSecond();
            String forged = "msg_forged_" + UUID.randomUUID();
            String stale = "msg_stale_" + UUID.randomUUID();
            String tampered = "msg_tampered_" + UUID.randomUUID();
            ids.addAll(List.of(forged, stale, tampered));
            statuses.add(WebhookClient.post(endpoint, TestSigner.headers(TestMaterial.FOREIGN_SECRET, forged, now, body), body)
                    .statusCode());
            statuses.add(WebhookClient.post(endpoint, TestSigner.headers(secret, stale, now - 900, body), body).statusCode());
            statuses.add(WebhookClient.post(endpoint, TestSigner.headers(secret, tampered, now, body),
                    new String(body, StandardCharsets.UTF_8).replace("PAID", "REFUNDED").getBytes(StandardCharsets.UTF_8))
                    .statusCode());
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(statuses).containsOnly(401);
        return ids;
    }
}
