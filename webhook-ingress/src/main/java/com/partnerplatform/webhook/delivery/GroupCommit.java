package com.partnerplatform.webhook.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Group commit: items submitted while {@code maxInFlight} statements are already running wait and
 * leave together as ONE statement when a statement completes (up to {@code maxBatch} items). It is
 * self-clocking: at low load every item runs alone at once (no added latency, no timer), under load
 * the batches grow with the statements' round trip, so the database does one statement per batch
 * instead of one per delivery.
 * <p>
 * Guarantees the ledger relies on: a batch never holds two items with the same key (a multi-row
 * {@code INSERT .. ON CONFLICT DO UPDATE} may not touch a row twice; a repeated key waits for a later
 * batch); items are handed to the statement sorted by key, so that two concurrent batches lock shared
 * rows in the same order; and a failed statement fails every member of its batch (the statement is
 * atomic, so none of them was written).
 *
 * @param <I> an item
 * @param <R> its result
 */
public final class GroupCommit<I, R> {

    /** One statement for a whole batch; the results are in the order of {@code items}. */
    @FunctionalInterface
    public interface BatchStatement<I, R> {
        CompletionStage<List<R>> execute(List<I> items);
    }

    private record Pending<I, R>(I item, CompletableFuture<R> result) {
    }

    private final BatchStatement<I, R> statement;
    private final Function<I, String> key;
    private final int maxBatch;
    private final int maxInFlight;
    private final ArrayDeque<Pending<I, R>> queue = new ArrayDeque<>();
    private int inFlight;

    public GroupCommit(BatchStatement<I, R> statement, Function<I, String> key, int maxBatch, int maxInFlight) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and maxInFlight must be at least 1");
        }
        this.statement = statement;
        this.key = key;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    /** Completes with the item's result once its batch's statement completed; fails if that statement failed. */
    public CompletableFuture<R> submit(I item) {
        Pending<I, R> pending = new Pending<>(item, new CompletableFuture<>());
        List<Pending<I, R>> batch;
        synchronized (this) {
            queue.add(pending);
            batch = takeBatch();
        }
        if (batch != null) {
            run(batch);
        }
        return pending.result();
    }

    /** Items waiting for a statement slot (for tests and diagnostics). */
    public synchronized int waiting() {
        return queue.size();
    }

    /** Call holding the lock: the next batch if a statement slot is free, else null. */
    private List<Pending<I, R>> takeBatch() {
        if (inFlight >= maxInFlight || queue.isEmpty()) {
            return null;
        }
        List<Pending<I, R>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
        Set<String> keys = new HashSet<>(Math.min(queue.size(), maxBatch) * 2);
        // bounded scan: a storm of one repeated key must not make every batch walk the whole queue
        int budget = maxBatch * 4;
        for (Iterator<Pending<I, R>> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch && budget-- > 0;) {
            Pending<I, R> next = it.next();
            if (keys.add(key.apply(next.item()))) {
                batch.add(next);
                it.remove();
            }
        }
        inFlight++;
        return batch;
    }

    private void run(List<Pending<I, R>> batch) {
        batch.sort(Comparator.comparing(pending -> key.apply(pending.item())));
        List<I> items = new ArrayList<>(batch.size());
        for (Pending<I, R> pending : batch) {
            items.add(pending.item());
        }
        CompletionStage<List<R>> stage;
        try {
            stage = statement.execute(items);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((results, failure) -> {
            List<Pending<I, R>> next;
            synchronized (this) {
                inFlight--;
                next = takeBatch();
            }
            // the next statement goes to the database before this batch's members carry on
            if (next != null) {
                run(next);
            }
            Throwable error = failure != null ? failure
                    : results == null || results.size() != batch.size()
                            ? new IllegalStateException("a batch statement returned " + (results == null ? "no" : results.size())
                                    + " results for " + batch.size() + " items")
                            : null;
            for (int i = 0; i < batch.size(); i++) {
                if (error != null) {
                    batch.get(i).result().completeExceptionally(error);
                } else {
                    batch.get(i).result().complete(results.get(i));
                }
            }
        });
    }
}
