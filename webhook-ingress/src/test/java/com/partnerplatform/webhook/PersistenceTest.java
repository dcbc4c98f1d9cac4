package com.partnerplatform.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.partnerplatform.webhook.delivery.DeliveryRecord;
import com.partnerplatform.webhook.delivery.DeliveryState;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;

@QuarkusTest
class PersistenceTest {

    @Test
    @RunOnVertxContext
    void aDeliveryRecordWrittenThroughPanacheIsReadBackFromPostgresql(UniAsserter asserter) {
        String id = "msg_" + UUID.randomUUID();
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        DeliveryRecord record = new DeliveryRecord();
        record.deliveryId = id;
        record.state = DeliveryState.ACCEPTED;
        record.bodySha256 = "0".repeat(64);
        record.attempts = 1;
        record.receivedAt = receivedAt;

        asserter.execute(() -> Panache.withTransaction(record::persist));
        asserter.assertThat(() -> Panache.withSession(() -> DeliveryRecord.<DeliveryRecord>findById(id)), found -> {
            assertThat(found.state).isEqualTo(DeliveryState.ACCEPTED);
            assertThat(found.receivedAt).isEqualTo(receivedAt);
        });
    }
}
