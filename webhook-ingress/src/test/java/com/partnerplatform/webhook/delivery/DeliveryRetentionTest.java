package com.partnerplatform.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.webhook.testing.TestMaterial;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;

@QuarkusTest
class DeliveryRetentionTest {

    @Inject
    DeliveryRetention retention;

    @Inject
    DedupeConfig config;

    @Inject
    Scheduler scheduler;

    @AfterEach
    void resumeScheduledCleanup() {
        scheduler.resume();
    }

    @Test
    @RunOnVertxContext
    void idsOlderThanTheRetryHorizonAreForgottenAndYoungerOnesKept(UniAsserter asserter) throws Exception {
        // the scheduled cleanup (a minute after start, then hourly) could take the expired row between the
        // insert and forgetExpired() and leave it nothing to count; paused until the assertions have run
        scheduler.pause();
        String expired = "msg_expired_" + UUID.randomUUID();
        String kept = "msg_kept_" + UUID.randomUUID();
        Instant now = Instant.now();
        insert(expired, now.minus(config.retention()).minus(Duration.ofMinutes(1)));
        insert(kept, now.minus(config.retention()).plus(Duration.ofMinutes(10)));

        asserter.assertThat(() -> retention.forgetExpired(), deleted -> {
            assertThat(deleted).isGreaterThanOrEqualTo(1);
            assertThat(TestMaterial.deliveryRow(expired)).isNull();
            assertThat(TestMaterial.deliveryRow(kept)).isEqualTo("ACCEPTED/1");
        });
    }

    @Test
    void theDefaultRetentionIsTheSendersSevenDayRetryHorizon() {
        assertThat(config.retention()).isEqualTo(Duration.ofDays(7));
    }

    private static void insert(String id, Instant receivedAt) throws Exception {
        try (Connection connection = PostgresServer.open(PostgresServer.sharedSettings());
                PreparedStatement insert = connection.prepareStatement("insert into webhook.delivery"
                        + " (delivery_id, state, body_sha256, received_at, accepted_at, attempts) values (?, 'ACCEPTED', ?, ?, ?, 1)")) {
            insert.setString(1, id);
            insert.setString(2, "0".repeat(64));
            insert.setTimestamp(3, Timestamp.from(receivedAt));
            insert.setTimestamp(4, Timestamp.from(receivedAt));
            insert.executeUpdate();
        }
    }
}
