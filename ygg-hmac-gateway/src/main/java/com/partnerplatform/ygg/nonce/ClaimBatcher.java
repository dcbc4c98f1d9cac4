package com.partnerplatform.ygg.nonce;

import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Group commit for request-id claims. At most {@code maxInFlight} statements run at once; ids that arrive while
 * they run queue up and go together in the next statement (up to {@code maxBatch}). Under light load an id
 * is sent at once (no timer, no added wait); under heavy load one durable commit serves many requests.
 *
 * <p>An id that appears twice in one batch is sent once: its first waiter learns whether the row was new, the
 * others that it is a repeat (exactly one of them can win, as with separate statements). If the statement
 * fails every waiter of the batch fails: nothing was burnt, no request goes on. Each waiter is completed on
 * the Vert.x context it claimed from, so a request continues on its own event loop.
 */
final class ClaimBatcher {

    /** One claim in a batch: the id and when it was issued. */
    record Claim(UUID id, OffsetDateTime issuedAt) {
    }

    private record Waiter(Claim claim, Promise<Boolean> promise, Context context) {
    }

    /** Inserts the (distinct) claims in one statement; completes with the ids that were new. */
    private final Function<List<Claim>, Future<Set<UUID>>> insert;
    private final int maxBatch;
    private final int maxInFlight;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private int inFlight;

    ClaimBatcher(Function<List<Claim>, Future<Set<UUID>>> insert, int maxBatch, int maxInFlight) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("batch size and statements in flight must be at least 1");
        }
        this.insert = insert;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    /** True when the id was new (it is now burnt), false for a repeat; fails when the statement does. */
    Future<Boolean> claim(Claim claim) {
        return claimAll(List.of(claim)).get(0);
    }

    /** Queues the claims together (they share a statement when they fit in one batch). */
    List<Future<Boolean>> claimAll(List<Claim> claims) {
        Context context = Vertx.currentContext();
        List<Future<Boolean>> futures = new ArrayList<>(claims.size());
        synchronized (this) {
            for (Claim claim : claims) {
                Promise<Boolean> promise = Promise.promise();
                queue.add(new Waiter(claim, promise, context));
                futures.add(promise.future());
            }
        }
        drain();
        return futures;
    }

    private void drain() {
        while (true) {
            List<Waiter> batch;
            synchronized (this) {
                if (inFlight >= maxInFlight || queue.isEmpty()) {
                    return;
                }
                inFlight++;
                batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
                while (batch.size() < maxBatch && !queue.isEmpty()) {
                    batch.add(queue.poll());
                }
            }
            send(batch);
        }
    }

    private void send(List<Waiter> batch) {
        Map<UUID, Claim> distinct = new HashMap<>(batch.size() * 2);
        for (Waiter waiter : batch) {
            distinct.putIfAbsent(waiter.claim.id(), waiter.claim);
        }
        Future<Set<UUID>> inserted;
        try {
            inserted = insert.apply(List.copyOf(distinct.values()));
        } catch (RuntimeException e) {
            inserted = Future.failedFuture(e);
        }
        inserted.onComplete(result -> {
            synchronized (this) {
                inFlight--;
            }
            if (result.succeeded()) {
                Set<UUID> fresh = result.result();
                Set<UUID> answered = new HashSet<>();
                for (Waiter waiter : batch) {
                    UUID id = waiter.claim.id();
                    // only the first waiter of an id can be its first use; later ones in the batch are repeats
                    complete(waiter, answered.add(id) && fresh.contains(id), null);
                }
            } else {
                for (Waiter waiter : batch) {
                    complete(waiter, false, result.cause());
                }
            }
            drain();
        });
    }

    private static void complete(Waiter waiter, boolean fresh, Throwable failure) {
        Context context = waiter.context;
        if (context == null || context == Vertx.currentContext()) {
            settle(waiter.promise, fresh, failure);
        } else {
            context.runOnContext(ignored -> settle(waiter.promise, fresh, failure));
        }
    }

    private static void settle(Promise<Boolean> promise, boolean fresh, Throwable failure) {
        if (failure == null) {
            promise.complete(fresh);
        } else {
            promise.fail(failure);
        }
    }
}
