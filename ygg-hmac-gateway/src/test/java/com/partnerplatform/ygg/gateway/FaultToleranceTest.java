package com.partnerplatform.ygg.gateway;

import static com.partnerplatform.ygg.testing.Gateway.DEDUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Headers;
import com.partnerplatform.events.Topics;
import com.partnerplatform.testsupport.KafkaTestHelper;
import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.ygg.audit.AuditTrail;
import com.partnerplatform.ygg.client.YggClient;
import com.partnerplatform.ygg.testing.FaultServersResource;
import com.partnerplatform.ygg.testing.Gateway;
import com.partnerplatform.ygg.testing.Gateway.Reply;
import com.partnerplatform.ygg.testing.RecordingUpstream;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The gateway with its own PostgreSQL and Kafka broker, each stopped while requests arrive. PostgreSQL away: fail
 * closed (500 ERR-NONCE-STORE-UNAVAILABLE, nothing forwarded, nothing burnt) and back to normal once it returns.
 * Kafka away: requests are answered as usual and every audit record is delivered once the broker is back (the
 * producer keeps and retries them for delivery.timeout.ms; past that they would be counted as lost).
 */
@QuarkusTest
@TestProfile(FaultToleranceTest.OwnServers.class)
class FaultToleranceTest {

    private static final String BODY = "{\"address\":\"0xfa17\",\"points\":7}";
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    public static class OwnServers implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FaultServersResource.class));
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    AuditTrail auditTrail;

    private Gateway gateway;
    private final RecordingUpstream upstream = RecordingUpstream.shared();

    @BeforeEach
    void setUp() {
        gateway = new Gateway(base);
    }

    @Test
    void withPostgresDownARequestIsRefusedUnforwardedUnburntAndAcceptedOnceItIsBack() throws Exception {
        assertThat(gateway.send(Gateway.ygg().sign("POST", DEDUCT, BODY)).status()).isEqualTo(200);
        PostgresServer postgres = FaultServersResource.postgres();
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);

        postgres.stop();
        Reply refused;
        int upstreamBefore;
        try {
            upstreamBefore = upstream.count();
            refused = gateway.send(request);
            assertThat(upstream.count()).as("never forwarded").isEqualTo(upstreamBefore);
        } finally {
            postgres.start();
        }

        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.errorCode()).isEqualTo("ERR-NONCE-STORE-UNAVAILABLE");
        assertThat(refused.header("X-API-SIGNATURE")).isNull();
        assertThat(upstream.received()).noneMatch(r -> request.requestId().equals(r.header("X-API-REQUEST")));
        assertThat(storedRows(request.requestId())).as("nothing burnt").isZero();

        // the pool reconnects on its own: fresh requests succeed again, then the refused id is still usable, once
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.send(Gateway.ygg().sign("POST", DEDUCT, BODY)).status() == 200);
        Reply retried = gateway.send(request);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(Gateway.ygg().verifyResponse(request, retried.text(), retried.header("X-API-SIGNATURE"))).isTrue();
        assertThat(storedRows(request.requestId())).isEqualTo(1);
        assertThat(gateway.send(request).errorCode()).isEqualTo("ERR-DUPLICATE-REQUEST");
    }

    @Test
    void withKafkaDownRequestsAreAnsweredAndEveryAuditRecordArrivesOnceItIsBack() {
        String batch = "fault-" + UUID.randomUUID();
        List<String> correlationIds = new ArrayList<>();
        try (KafkaTestHelper kafka = new KafkaTestHelper(FaultServersResource.kafka().bootstrapServers())) {
            // traffic was flowing: the producer knows the topic before the broker goes
            gateway.send(Gateway.ygg().sign("POST", DEDUCT, BODY), Map.of(Headers.CORRELATION_ID, batch + "-before"));
            kafka.awaitRecords(Topics.YGG_REDEEM_AUDIT, 1, RECOVERY,
                    r -> (batch + "-before").equals(KafkaTestHelper.header(r, Headers.CORRELATION_ID)));
        }
        double failuresBefore = auditTrail.failures();

        FaultServersResource.kafka().stop();
        try {
            for (int i = 0; i < 20; i++) {
                String correlationId = batch + "-" + i;
                correlationIds.add(correlationId);
                YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);
                Reply reply = gateway.send(request, Map.of(Headers.CORRELATION_ID, correlationId));
                assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
                assertThat(Gateway.ygg().verifyResponse(request, reply.text(), reply.header("X-API-SIGNATURE")))
                        .isTrue();
            }
            Reply rejected = gateway.send(Gateway.ygg().sign("POST", DEDUCT, BODY), Map.of("X-API-KEY", "wrong-key-0123456789",
                    Headers.CORRELATION_ID, batch + "-rejected"));
            assertThat(rejected.errorCode()).isEqualTo("ERR-AUTH-FAILED");
            correlationIds.add(batch + "-rejected");
        } finally {
            FaultServersResource.kafka().start(Duration.ofSeconds(120));
        }

        try (KafkaTestHelper kafka = new KafkaTestHelper(FaultServersResource.kafka().bootstrapServers())) {
            Set<String> expected = new HashSet<>(correlationIds);
            List<ConsumerRecord<String, String>> records = kafka.awaitRecords(Topics.YGG_REDEEM_AUDIT,
                    expected.size(), RECOVERY, r -> expected.contains(KafkaTestHelper.header(r, Headers.CORRELATION_ID)));
            Set<String> arrived = new HashSet<>();
            records.forEach(r -> arrived.add(KafkaTestHelper.header(r, Headers.CORRELATION_ID)));
            assertThat(arrived).isEqualTo(expected);
        }
        assertThat(auditTrail.failures()).as("nothing lost, nothing counted").isEqualTo(failuresBefore);
    }

    private static int storedRows(String requestId) throws Exception {
        try (Connection db = PostgresServer.open(FaultServersResource.postgres().settings());
                PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM ygg.request_nonce WHERE request_id = ?::uuid")) {
            query.setString(1, requestId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
