package com.partnerplatform.webhook.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.partnerplatform.testsupport.KafkaProcess;
import com.partnerplatform.testsupport.Ports;
import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.webhook.testing.RetryingSender;
import com.partnerplatform.webhook.testing.ServiceProcess;
import com.partnerplatform.webhook.testing.TestEvents;
import com.partnerplatform.webhook.testing.TestSigner;
import com.partnerplatform.webhook.testing.WebhookClient;

/**
 * SIGKILL of the packaged service, twice, while a retrying sender streams deliveries: whatever
 * was acknowledged before a kill is on Kafka, and the retries of whatever was in flight end on
 * Kafka exactly once after consumer-side dedupe.
 */
class ServiceCrashIT {

    private static final String SECRET = "whsec_Y3Jhc2gtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGVzISE=";
    private static final String FOREIGN = "whsec_c29tZWJvZHktZWxzZXMtc2VjcmV0LWtleS0xMjM=";
    private static final int KILLS = 2;

    private static KafkaProcess kafka;
    private static PostgresServer postgres;
    private static ServiceProcess service;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        kafka = KafkaProcess.temporary();
        kafka.start(Duration.ofSeconds(90));
        postgres = PostgresServer.dedicated(Files.createTempDirectory("webhook-crash-pg"));
        Path log = Files.createTempFile("webhook-crash-service", ".log");
        service = new ServiceProcess(ServiceProcess.packagedJar(), Ports.freePort(), kafka.bootstrapServers(),
                postgres.settings(), SECRET, log, List.of("-Xmx256m"));
        service.start(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopInfrastructure() {
        if (service != null) {
            service.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void aServiceKilledMidStreamLosesNoAcknowledgedDeliveryAndPublishesNoForgery() throws Exception {
        RetryingSender sender = new RetryingSender(service::endpoint, SECRET, Duration.ofSeconds(150));
        AtomicBoolean streaming = new AtomicBoolean(true);
        CompletableFuture<RetryingSender.Stream> run = CompletableFuture.supplyAsync(() -> sender.deliverWhile(streaming::get,
                i -> TestEvents.transferStatusChanged("tr-crash-" + (i % 13), "PAID"), "msg_crash_", 8, Duration.ofMillis(50)));
        Set<String> forged = new HashSet<>();

        for (int kill = 0; kill < KILLS; kill++) {
            Thread.sleep(1500);
            forged.add(sendForgery());
            service.kill();
            Thread.sleep(500);
            service.start(Duration.ofSeconds(90));
        }
        Thread.sleep(1500);
        forged.add(sendForgery());
        streaming.set(false);

        RetryingSender.Stream stream = run.get(240, TimeUnit.SECONDS);
        assertThat(stream.neverAcknowledged()).isEmpty();
        assertThat(sender.connectionFailures()).as("the kills were felt by the sender").isPositive();
        Set<String> acknowledged = new HashSet<>(sender.acknowledged().keySet());
        assertThat(acknowledged).containsExactlyInAnyOrderElementsOf(stream.started());
        long duplicates = DeliveryLog.assertDurablyAcceptedExactlyOnce(kafka.bootstrapServers(), acknowledged, forged);
        System.out.printf("SIGKILL x%d: %d acknowledged, statuses %s, connection failures %d, %d raw re-publications%n",
                KILLS, acknowledged.size(), sender.statusCounts(), sender.connectionFailures(), duplicates);
        assertThat(DeliveryLog.states(postgres.settings(), acknowledged).values()).hasSameSizeAs(acknowledged)
                .containsOnly("ACCEPTED");
    }

    private static String sendForgery() {
        String id = "msg_forged_" + UUID.randomUUID();
        byte[] body = TestEvents.transferStatusChanged("tr-forged", "PAID");
        int status = WebhookClient.post(service.endpoint(),
                TestSigner.headers(FOREIGN, id, System.currentTimeMillis() / 1000, body), body).statusCode();
        assertThat(status).isEqualTo(401);
        return id;
    }
}
