package com.partnerplatform.webhook.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A simulated YCMT sender: every delivery is retried, re-signed with a fresh timestamp, until it
 * gets a 2xx or the deadline passes, whatever the failure (an error status, a refused connection,
 * a timeout). It records every answer, so a test can check which ids were acknowledged.
 */
public final class RetryingSender {

    private final Supplier<URI> endpoint;
    private final String secret;
    private final Duration deadline;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Instant> acknowledged = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger connectionFailures = new AtomicInteger();
    private final AtomicInteger unavailableWithoutRetryAfter = new AtomicInteger();

    /** @param endpoint where to post (a supplier: a restarted service may listen elsewhere) */
    public RetryingSender(Supplier<URI> endpoint, String secret, Duration deadline) {
        this.endpoint = endpoint;
        this.secret = secret;
        this.deadline = deadline;
    }

    /** Delivers every body (id -> body) with {@code parallelism} concurrent senders; returns the ids never acknowledged. */
    public List<String> deliverAll(Map<String, byte[]> deliveries, int parallelism, Duration pause) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            List<String> ids = new ArrayList<>(deliveries.keySet());
            for (String id : ids) {
                results.add(pool.submit(() -> deliver(id, deliveries.get(id))));
                if (!pause.isZero()) {
                    sleep(pause.toMillis());
                }
            }
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                try {
                    if (!results.get(i).get(deadline.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
                        failed.add(ids.get(i));
                    }
                } catch (Exception e) {
                    failed.add(ids.get(i));
                }
            }
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Keeps starting new deliveries (one per {@code pause}) while {@code keepGoing} holds, each retried to a 2xx by one of
     * {@code parallelism} senders; then waits for the ones in flight. Returns every id started and the ids never acknowledged.
     */
    public Stream deliverWhile(java.util.function.BooleanSupplier keepGoing, java.util.function.IntFunction<byte[]> body,
            String idPrefix, int parallelism, Duration pause) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        Map<String, Future<Boolean>> started = new LinkedHashMap<>();
        try {
            for (int i = 0; keepGoing.getAsBoolean(); i++) {
                String id = idPrefix + i + "_" + java.util.UUID.randomUUID();
                byte[] payload = body.apply(i);
                started.put(id, pool.submit(() -> deliver(id, payload)));
                sleep(pause.toMillis());
            }
            List<String> failed = new ArrayList<>();
            for (Map.Entry<String, Future<Boolean>> delivery : started.entrySet()) {
                try {
                    if (!delivery.getValue().get(deadline.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
                        failed.add(delivery.getKey());
                    }
                } catch (Exception e) {
                    failed.add(delivery.getKey());
                }
            }
            return new Stream(List.copyOf(started.keySet()), failed);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The ids a {@link #deliverWhile} run started, and those never acknowledged. */
    public record Stream(List<String> started, List<String> neverAcknowledged) {
    }

    /** Sends until a 2xx; false when the deadline passed first. */
    public boolean deliver(String id, byte[] body) {
        long end = System.nanoTime() + deadline.toNanos();
        long backoff = 100;
        while (System.nanoTime() < end) {
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.get()).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            TestSigner.headers(secret, id, timestamp, body).forEach(request::header);
            try {
                HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                if (status == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
                    unavailableWithoutRetryAfter.incrementAndGet();
                }
                if (status >= 200 && status < 300) {
                    acknowledged.putIfAbsent(id, Instant.now());
                    return true;
                }
            } catch (IOException e) {
                connectionFailures.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, 1000);
        }
        return false;
    }

    public Map<String, Instant> acknowledged() {
        return acknowledged;
    }

    /** How many answers of each HTTP status the sender saw. */
    public Map<Integer, Integer> statusCounts() {
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    /** 503 answers that did not say when to retry. */
    public int unavailableWithoutRetryAfter() {
        return unavailableWithoutRetryAfter.get();
    }

    public int connectionFailures() {
        return connectionFailures.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
