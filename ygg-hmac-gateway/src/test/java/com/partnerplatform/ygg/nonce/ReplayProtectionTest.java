package com.partnerplatform.ygg.nonce;

import static com.partnerplatform.ygg.testing.Gateway.DEDUCT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.ygg.client.YggClient;
import com.partnerplatform.ygg.hmac.UuidV7;
import com.partnerplatform.ygg.testing.Gateway;
import com.partnerplatform.ygg.testing.Gateway.Reply;
import com.partnerplatform.ygg.testing.RecordingUpstream;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A request id is used once, across restarts and instances, and only burnt once its signature verified. */
@QuarkusTest
class ReplayProtectionTest {

    private static final String BODY = "{\"address\":\"0xabc\",\"points\":5}";

    @TestHTTPResource("/")
    URL base;

    @Inject
    NonceStore nonces;

    @Inject
    NoncePurge purge;

    @Inject
    Scheduler scheduler;

    private Gateway gateway;
    private final RecordingUpstream upstream = RecordingUpstream.shared();

    @BeforeEach
    void setUp() {
        gateway = new Gateway(base);
    }

    @Test
    void aReplayedRequestIsADuplicateAndNeverReachesTheUpstream() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);
        assertThat(gateway.send(request).status()).isEqualTo(200);
        int upstreamCount = upstream.count();

        Reply replay = gateway.send(request);

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.errorCode()).isEqualTo("ERR-DUPLICATE-REQUEST");
        assertThat(upstream.count()).isEqualTo(upstreamCount);
    }

    @Test
    void theUsedIdIsStoredInPostgresInCanonicalForm() throws SQLException {
        UuidV7 id = UuidV7.parse(UuidV7.generate(Clock.systemUTC(), new SecureRandom()).text().toUpperCase(Locale.ROOT));
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY, id);

        assertThat(gateway.send(request).status()).isEqualTo(200);

        assertThat(storedRequestIds(id.uuid())).containsExactly(id.text().toLowerCase(Locale.ROOT));
        assertThat(storedIssuedAt(id.uuid())).isEqualTo(id.timestamp());
    }

    @Test
    void aReplayIsStillRejectedAfterARestartEmptiedTheCache() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);
        assertThat(gateway.send(request).status()).isEqualTo(200);
        int upstreamCount = upstream.count();

        nonces.forgetCached(); // what a restart (or another instance) starts with
        Reply replay = gateway.send(request);

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.errorCode()).isEqualTo("ERR-DUPLICATE-REQUEST");
        assertThat(upstream.count()).isEqualTo(upstreamCount);
    }

    @Test
    void anIdUsedByAnotherInstanceIsADuplicateHere() throws SQLException {
        UuidV7 id = UuidV7.generate(Clock.systemUTC(), new SecureRandom());
        try (Connection db = PostgresServer.open(PostgresServer.sharedSettings());
                PreparedStatement insert = db.prepareStatement(
                        "INSERT INTO ygg.request_nonce (request_id, issued_at) VALUES (?, ?)")) {
            insert.setObject(1, id.uuid());
            insert.setTimestamp(2, Timestamp.from(id.timestamp()));
            insert.executeUpdate();
        }

        Reply reply = gateway.send(Gateway.ygg().sign("POST", DEDUCT, BODY, id));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("ERR-DUPLICATE-REQUEST");
    }

    @Test
    void theSameIdInAnotherLetterCaseIsTheSameRequest() {
        UuidV7 lower = UuidV7.generate(Clock.systemUTC(), new SecureRandom());
        UuidV7 upper = UuidV7.parse(lower.text().toUpperCase(Locale.ROOT));
        assertThat(gateway.send(Gateway.ygg().sign("POST", DEDUCT, BODY, lower)).status()).isEqualTo(200);
        nonces.forgetCached();

        Reply reply = gateway.send(Gateway.ygg().sign("POST", DEDUCT, BODY, upper));

        assertThat(reply.errorCode()).isEqualTo("ERR-DUPLICATE-REQUEST");
    }

    @Test
    void aRequestWithABadSignatureDoesNotBurnItsId() {
        YggClient.SignedRequest genuine = Gateway.ygg().sign("POST", DEDUCT, BODY);

        Reply forged = gateway.send("POST", DEDUCT, genuine.headers(),
                "{\"address\":\"0xattacker\",\"points\":5}".getBytes(StandardCharsets.UTF_8));
        Reply real = gateway.send(genuine);

        assertThat(forged.errorCode()).isEqualTo("ERR-INVALID-SIGNATURE");
        assertThat(real.status()).as(real.toString()).isEqualTo(200);
    }

    @Test
    void concurrentUsesOfOneIdLetExactlyOneThrough() {
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);
        int before = upstream.count();
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // in flight together: most miss the cache and race on the primary key
            replies.add(gateway.sendAsync("POST", DEDUCT, request.headers(), BODY.getBytes(StandardCharsets.UTF_8)));
        }

        List<Integer> statuses = replies.stream().map(CompletableFuture::join).map(Reply::status).toList();

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(11);
        assertThat(upstream.count()).isEqualTo(before + 1);
    }

    @Test
    void aBatchMixingNewAndUsedIdsBurnsTheNewOnesAndReportsTheUsedOneInOneStatement() throws Exception {
        UuidV7 first = newId();
        UuidV7 usedElsewhere = newId();
        UuidV7 second = newId();
        insertRow(usedElsewhere.uuid(), usedElsewhere.timestamp()); // burnt by "another instance"
        long statementsBefore = nonces.claimStatements();

        List<Boolean> outcomes = await(nonces.claimTogether(List.of(first, usedElsewhere, second)));

        assertThat(outcomes).containsExactly(true, false, true);
        assertThat(nonces.claimStatements() - statementsBefore).as("one INSERT for the whole batch").isEqualTo(1);
        assertThat(storedRequestIds(first.uuid())).hasSize(1);
        assertThat(storedRequestIds(second.uuid())).hasSize(1);
        assertThat(storedIssuedAt(second.uuid())).isEqualTo(second.timestamp());
    }

    @Test
    void theSameIdTwiceInOneBatchLetsExactlyTheFirstThrough() throws Exception {
        UuidV7 id = newId();
        UuidV7 sameInUpperCase = UuidV7.parse(id.text().toUpperCase(Locale.ROOT));
        UuidV7 other = newId();

        List<Boolean> outcomes = await(nonces.claimTogether(List.of(id, other, sameInUpperCase, id)));

        assertThat(outcomes).containsExactly(true, true, false, false);
        assertThat(storedRequestIds(id.uuid())).hasSize(1);
    }

    @Test
    void aBatchOfIdsThatAreAllUsedBurnsNothingNew() throws Exception {
        UuidV7 id = newId();
        assertThat(await(nonces.claimTogether(List.of(id)))).containsExactly(true);

        assertThat(await(nonces.claimTogether(List.of(id, id)))).containsExactly(false, false);
        assertThat(storedRequestIds(id.uuid())).hasSize(1);
    }

    private static UuidV7 newId() {
        return UuidV7.generate(Clock.systemUTC(), new SecureRandom());
    }

    private static List<Boolean> await(List<io.vertx.core.Future<Boolean>> claims) throws Exception {
        List<Boolean> outcomes = new ArrayList<>();
        for (io.vertx.core.Future<Boolean> claim : claims) {
            outcomes.add(claim.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    @Test
    void thePurgeForgetsOnlyIdsOlderThanTheWindowPlusMargin() throws Exception {
        // the scheduled purge runs every minute: between the insert and the call below it would take the
        // expired row first and leave this purge nothing to count
        scheduler.pause();
        try {
            Instant now = Instant.now();
            UUID expired = insertRow(now.minus(purge.retention()).minus(Duration.ofMinutes(1)));
            UUID kept = insertRow(now.minus(purge.retention()).plus(Duration.ofMinutes(1)));

            int deleted = purge.purge().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(deleted).isGreaterThanOrEqualTo(1);
            assertThat(storedRequestIds(expired)).isEmpty();
            assertThat(storedRequestIds(kept)).hasSize(1);
            assertThat(purge.retention()).isEqualTo(Duration.ofMinutes(10)); // 5 min window + 5 min margin
        } finally {
            scheduler.resume();
        }
    }

    private static UUID insertRow(Instant issuedAt) throws SQLException {
        return insertRow(UUID.randomUUID(), issuedAt);
    }

    private static UUID insertRow(UUID id, Instant issuedAt) throws SQLException {
        try (Connection db = PostgresServer.open(PostgresServer.sharedSettings());
                PreparedStatement insert = db.prepareStatement(
                        "INSERT INTO ygg.request_nonce (request_id, issued_at) VALUES (?, ?)")) {
            insert.setObject(1, id);
            insert.setTimestamp(2, Timestamp.from(issuedAt));
            insert.executeUpdate();
        }
        return id;
    }

    private static List<String> storedRequestIds(UUID id) throws SQLException {
        try (Connection db = PostgresServer.open(PostgresServer.sharedSettings());
                PreparedStatement query = db.prepareStatement(
                        "SELECT request_id::text FROM ygg.request_nonce WHERE request_id = ?")) {
            query.setObject(1, id);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    private static Instant storedIssuedAt(UUID id) throws SQLException {
        try (Connection db = PostgresServer.open(PostgresServer.sharedSettings());
                PreparedStatement query = db.prepareStatement(
                        "SELECT issued_at FROM ygg.request_nonce WHERE request_id = ?")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getTimestamp(1).toInstant();
            }
        }
    }
}
