package com.partnerplatform.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.webhook.delivery.DeliveryLedger.ClaimRequest;
import com.partnerplatform.webhook.testing.TestMaterial;

import io.quarkus.test.junit.QuarkusTest;

/** The group-commit statements against the real PostgreSQL: one statement claims or marks a whole batch. */
@QuarkusTest
class DeliveryLedgerBatchTest {

    private static final String DIGEST = "a".repeat(64);
    private static final String OTHER_DIGEST = "b".repeat(64);

    @Inject
    DeliveryLedger ledger;

    @Test
    void oneStatementClaimsNewIdsAndReportsDuplicatesRetriesAndReusedIdsOfTheSameBatch() throws Exception {
        String fresh1 = id();
        String fresh2 = id();
        String accepted = id();
        String received = id();
        String reused = id();
        Instant earlier = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
        insert(accepted, "ACCEPTED", DIGEST, earlier);
        insert(received, "RECEIVED", DIGEST, earlier);
        insert(reused, "ACCEPTED", DIGEST, earlier);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        List<Claim> claims = ledger.claimAll(List.of(new ClaimRequest(fresh1, DIGEST, now),
                new ClaimRequest(accepted, DIGEST, now), new ClaimRequest(received, DIGEST, now),
                new ClaimRequest(reused, OTHER_DIGEST, now), new ClaimRequest(fresh2, OTHER_DIGEST, now)))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(claims.get(0)).isEqualTo(new Claim(DeliveryState.RECEIVED, true, now));
        assertThat(claims.get(1)).as("a duplicate of an accepted id").isEqualTo(new Claim(DeliveryState.ACCEPTED, true, earlier));
        assertThat(claims.get(2)).as("a retry of an id never acknowledged: publish again")
                .isEqualTo(new Claim(DeliveryState.RECEIVED, true, earlier));
        assertThat(claims.get(3).bodyMatches()).as("the same id with another body").isFalse();
        assertThat(claims.get(4)).isEqualTo(new Claim(DeliveryState.RECEIVED, true, now));
        assertThat(TestMaterial.deliveryRow(fresh1)).isEqualTo("RECEIVED/1");
        assertThat(TestMaterial.deliveryRow(fresh2)).isEqualTo("RECEIVED/1");
        assertThat(TestMaterial.deliveryRow(accepted)).isEqualTo("ACCEPTED/2");
        assertThat(TestMaterial.deliveryRow(received)).isEqualTo("RECEIVED/2");
        assertThat(TestMaterial.deliveryRow(reused)).isEqualTo("ACCEPTED/2");
    }

    @Test
    void aBatchWhoseStatementPostgresqlRefusesFailsAsAWholeAndRecordsNoneOfItsIds() {
        String before = id();
        String after = id();
        // longer than the key column: PostgreSQL refuses the statement, as it would any failure mid-batch
        String tooLong = "x".repeat(201);
        Instant now = Instant.now();

        assertThat(ledger.claimAll(List.of(new ClaimRequest(before, DIGEST, now), new ClaimRequest(tooLong, DIGEST, now),
                new ClaimRequest(after, DIGEST, now))).toCompletableFuture())
                .failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class);
        assertThat(TestMaterial.deliveryRow(before)).isNull();
        assertThat(TestMaterial.deliveryRow(after)).isNull();
    }

    @Test
    void oneStatementMarksABatchAcceptedAndLeavesOtherIdsAlone() throws Exception {
        String first = id();
        String second = id();
        String untouched = id();
        Instant now = Instant.now();
        for (String id : List.of(first, second, untouched)) {
            insert(id, "RECEIVED", DIGEST, now);
        }

        ledger.markAllAccepted(List.of(first, second)).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(TestMaterial.deliveryRow(first)).isEqualTo("ACCEPTED/1");
        assertThat(TestMaterial.deliveryRow(second)).isEqualTo("ACCEPTED/1");
        assertThat(TestMaterial.deliveryRow(untouched)).isEqualTo("RECEIVED/1");
    }

    private static String id() {
        return "msg_batch_" + UUID.randomUUID();
    }

    private static void insert(String id, String state, String digest, Instant receivedAt) throws SQLException {
        try (Connection connection = PostgresServer.open(PostgresServer.sharedSettings());
                PreparedStatement insert = connection.prepareStatement("insert into webhook.delivery"
                        + " (delivery_id, state, body_sha256, received_at, attempts) values (?, ?, ?, ?, 1)")) {
            insert.setString(1, id);
            insert.setString(2, state);
            insert.setString(3, digest);
            insert.setTimestamp(4, Timestamp.from(receivedAt));
            insert.executeUpdate();
        }
    }
}
