package com.partnerplatform.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The batcher's edges, with a statement the test completes by hand. */
class GroupCommitTest {

    /** Records each batch and lets the test complete it. */
    private static final class ManualStatement implements GroupCommit.BatchStatement<String, String> {
        final List<List<String>> batches = new ArrayList<>();
        final List<CompletableFuture<List<String>>> pending = new ArrayList<>();

        @Override
        public synchronized CompletionStage<List<String>> execute(List<String> items) {
            batches.add(List.copyOf(items));
            CompletableFuture<List<String>> result = new CompletableFuture<>();
            pending.add(result);
            return result;
        }

        void succeed(int batch, Function<String, String> answer) {
            pending.get(batch).complete(batches.get(batch).stream().map(answer).toList());
        }
    }

    @Test
    void aLoneItemRunsAtOnceAndLaterArrivalsLeaveTogetherWhenTheStatementSlotFrees() throws Exception {
        ManualStatement statement = new ManualStatement();
        GroupCommit<String, String> commit = new GroupCommit<>(statement, id -> id, 100, 1);

        CompletableFuture<String> first = commit.submit("a");
        CompletableFuture<String> second = commit.submit("c");
        CompletableFuture<String> third = commit.submit("b");

        assertThat(statement.batches).containsExactly(List.of("a"));
        assertThat(commit.waiting()).isEqualTo(2);
        statement.succeed(0, id -> id + "!");
        assertThat(first.get(1, TimeUnit.SECONDS)).isEqualTo("a!");
        assertThat(statement.batches).as("one statement for both waiting items, sorted by key")
                .containsExactly(List.of("a"), List.of("b", "c"));
        statement.succeed(1, id -> id + "?");
        assertThat(second.get(1, TimeUnit.SECONDS)).as("each member gets its own result").isEqualTo("c?");
        assertThat(third.get(1, TimeUnit.SECONDS)).isEqualTo("b?");
    }

    @Test
    void aRepeatedKeyNeverSharesAStatementWithItself() throws Exception {
        ManualStatement statement = new ManualStatement();
        GroupCommit<String, String> commit = new GroupCommit<>(statement, id -> id, 100, 1);
        commit.submit("busy");
        CompletableFuture<String> x1 = commit.submit("x");
        commit.submit("y");
        CompletableFuture<String> x2 = commit.submit("x");

        statement.succeed(0, id -> id);
        assertThat(statement.batches.get(1)).containsExactly("x", "y");
        assertThat(commit.waiting()).isEqualTo(1);
        statement.succeed(1, id -> "first " + id);
        assertThat(statement.batches.get(2)).containsExactly("x");
        statement.succeed(2, id -> "second " + id);
        assertThat(x1.get(1, TimeUnit.SECONDS)).isEqualTo("first x");
        assertThat(x2.get(1, TimeUnit.SECONDS)).isEqualTo("second x");
    }

    @Test
    void aFailedStatementFailsEveryMemberOfItsBatchAndTheNextBatchStillRuns() throws Exception {
        ManualStatement statement = new ManualStatement();
        GroupCommit<String, String> commit = new GroupCommit<>(statement, id -> id, 100, 1);
        commit.submit("busy");
        List<CompletableFuture<String>> members = List.of(commit.submit("m1"), commit.submit("m2"), commit.submit("m3"));
        statement.succeed(0, id -> id);

        CompletableFuture<String> later = commit.submit("later");
        statement.pending.get(1).completeExceptionally(new IllegalStateException("connection refused"));

        for (CompletableFuture<String> member : members) {
            assertThat(member).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .withMessageContaining("connection refused");
        }
        assertThat(statement.batches.get(2)).containsExactly("later");
        statement.succeed(2, id -> "ok");
        assertThat(later.get(1, TimeUnit.SECONDS)).isEqualTo("ok");
    }

    @Test
    void aStatementThatThrowsOrAnswersTheWrongNumberOfResultsFailsItsMembers() {
        GroupCommit<String, String> throwing = new GroupCommit<>(items -> {
            throw new IllegalStateException("pool closed");
        }, id -> id, 10, 1);
        assertThat(throwing.submit("a")).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("pool closed");

        GroupCommit<String, String> short_ = new GroupCommit<>(items -> CompletableFuture.completedFuture(List.of()),
                id -> id, 10, 1);
        assertThat(short_.submit("a")).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("0 results for 1 items");
    }

    @Test
    void batchesAreCappedAtTheMaximumSizeAndUseEveryStatementSlot() {
        ManualStatement statement = new ManualStatement();
        GroupCommit<String, String> commit = new GroupCommit<>(statement, id -> id, 3, 2);
        for (int i = 0; i < 9; i++) {
            commit.submit("k" + i);
        }
        assertThat(statement.batches).as("two slots: the first two items run alone at once")
                .containsExactly(List.of("k0"), List.of("k1"));
        statement.succeed(0, id -> id);
        statement.succeed(1, id -> id);
        assertThat(statement.batches.subList(2, 4)).containsExactly(List.of("k2", "k3", "k4"), List.of("k5", "k6", "k7"));
        assertThat(commit.waiting()).isEqualTo(1);
    }
}
