package com.partnerplatform.systemtests.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Clients that keep creating requests while running and retry each one, with exponential backoff,
 * until it is answered or the retry horizon set by {@link #stopCreating} is over: the way partner
 * apps and YCMT behave while the platform is being broken underneath them.
 */
public abstract class RetryingClients {

    /** The result of one try: an answer (possibly a failure the client gives up on) or a status worth a retry. */
    protected record Attempt<T>(T answer, boolean retry, int status) {

        static <T> Attempt<T> answered(T answer) {
            return new Attempt<>(answer, false, 0);
        }

        /** {@code status} is the HTTP status, or -1 when no answer came. */
        static <T> Attempt<T> retryAfter(int status) {
            return new Attempt<>(null, true, status);
        }
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Integer> nonSuccess = new ConcurrentHashMap<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final ExecutorService threads;
    private volatile long retryUntil = Long.MAX_VALUE;

    protected RetryingClients(int clients) {
        this.threads = Executors.newFixedThreadPool(clients);
    }

    /** Starts {@code clients} threads, each running {@code client} with its index; call it once the subclass is built. */
    protected final void startClients(int clients, IntConsumer client) {
        for (int i = 0; i < clients; i++) {
            int index = i;
            threads.submit(() -> client.accept(index));
        }
    }

    protected final boolean running() {
        return running.get();
    }

    /** Tries until answered; null once the retry horizon is over. */
    protected final <T> T untilAnswered(long firstBackoffMillis, Supplier<Attempt<T>> attempt) {
        long backoff = firstBackoffMillis;
        while (System.nanoTime() < retryUntil) {
            attempts.incrementAndGet();
            Attempt<T> outcome = attempt.get();
            if (!outcome.retry()) {
                return outcome.answer();
            }
            countNonSuccess(outcome.status());
            Pause.sleep(backoff);
            backoff = Math.min(backoff * 2, 2000);
        }
        return null;
    }

    protected final void countNonSuccess(int status) {
        nonSuccess.merge(String.valueOf(status), 1, Integer::sum);
    }

    /** Stops creating new requests; those in flight keep retrying for {@code horizon}. */
    public void stopCreating(Duration horizon) {
        retryUntil = System.nanoTime() + horizon.toNanos();
        running.set(false);
        threads.shutdown();
    }

    /** Waits for the requests in flight to end (answered or given up). */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        if (!threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            threads.shutdownNow();
        }
    }

    public int attempts() {
        return attempts.get();
    }

    /** How often each non-success answer came, by HTTP status ("-1": no answer). */
    public Map<String, Integer> nonSuccessAnswers() {
        return Map.copyOf(nonSuccess);
    }
}
