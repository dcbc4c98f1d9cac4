package com.partnerplatform.ygg.nonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * The group-commit logic on its own, with statements the test completes by hand (the SQL itself runs against
 * PostgreSQL in {@code ReplayProtectionTest}): who waits, what goes together, who wins.
 */
class ClaimBatcherTest {

    /** Statements issued so far: the distinct claims each carried, and the promise that completes it. */
    private final List<List<ClaimBatcher.Claim>> statements = new ArrayList<>();
    private final List<Promise<Set<UUID>>> pending = new ArrayList<>();

    private Future<Set<UUID>> insert(List<ClaimBatcher.Claim> claims) {
        statements.add(claims);
        Promise<Set<UUID>> promise = Promise.promise();
        pending.add(promise);
        return promise.future();
    }

    private static ClaimBatcher.Claim claim(UUID id) {
        return new ClaimBatcher.Claim(id, OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    private static List<UUID> ids(List<ClaimBatcher.Claim> claims) {
        return claims.stream().map(ClaimBatcher.Claim::id).toList();
    }

    @Test
    void anIdIsSentAtOnceWhenNoStatementRuns() {
        ClaimBatcher batcher = new ClaimBatcher(this::insert, 256, 1);
        UUID a = UUID.randomUUID();

        Future<Boolean> claimed = batcher.claim(claim(a));

        assertThat(statements).hasSize(1);
        assertThat(ids(statements.get(0))).containsExactly(a);
        pending.get(0).complete(Set.of(a));
        assertThat(claimed.result()).isTrue();
    }

    @Test
    void claimsArrivingWhileAStatementRunsGoTogetherInTheNextAndLearnEachTheirOwnOutcome() {
        ClaimBatcher batcher = new ClaimBatcher(this::insert, 256, 1);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID used = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        Future<Boolean> first = batcher.claim(claim(a));

        List<Future<Boolean>> waiting = List.of(batcher.claim(claim(b)), batcher.claim(claim(used)),
                batcher.claim(claim(d)));
        assertThat(statements).as("they wait for the running statement").hasSize(1);
        pending.get(0).complete(Set.of(a));

        assertThat(statements).hasSize(2);
        assertThat(ids(statements.get(1))).containsExactlyInAnyOrder(b, used, d);
        pending.get(1).complete(Set.of(b, d)); // "used" was already in the table
        assertThat(first.result()).isTrue();
        assertThat(waiting).extracting(Future::result).containsExactly(true, false, true);
    }

    @Test
    void theSameIdTwiceInABatchIsSentOnceAndOnlyItsFirstWaiterCanWin() {
        ClaimBatcher batcher = new ClaimBatcher(this::insert, 256, 1);
        UUID a = UUID.randomUUID();

        List<Future<Boolean>> claims = batcher.claimAll(List.of(claim(a), claim(a), claim(a)));

        assertThat(ids(statements.get(0))).containsExactly(a);
        pending.get(0).complete(Set.of(a));
        assertThat(claims).extracting(Future::result).containsExactly(true, false, false);
    }

    @Test
    void aFailedStatementFailsEveryWaiterOfItsBatchAndTheNextBatchStillRuns() {
        ClaimBatcher batcher = new ClaimBatcher(this::insert, 256, 1);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<Future<Boolean>> failing = batcher.claimAll(List.of(claim(a), claim(a)));
        Future<Boolean> later = batcher.claim(claim(b));

        pending.get(0).fail(new IllegalStateException("connection refused"));

        assertThat(failing).allMatch(Future::failed);
        assertThat(failing.get(0).cause()).hasMessage("connection refused");
        assertThat(ids(statements.get(1))).containsExactly(b);
        pending.get(1).complete(Set.of(b));
        assertThat(later.result()).isTrue();
    }

    @Test
    void batchesAreCappedAndStatementsInFlightBounded() {
        ClaimBatcher batcher = new ClaimBatcher(this::insert, 2, 2);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(UUID.randomUUID());
        }

        batcher.claimAll(ids.stream().map(ClaimBatcherTest::claim).toList());
        assertThat(statements).as("two statements in flight, two ids each").hasSize(2);
        assertThat(statements).allMatch(s -> s.size() == 2);
        pending.get(0).complete(Set.of());
        pending.get(1).complete(Set.of());
        pending.get(2).complete(Set.of());

        assertThat(statements).extracting(List::size).containsExactly(2, 2, 2, 1);
    }
}
