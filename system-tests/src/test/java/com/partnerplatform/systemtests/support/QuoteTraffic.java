package com.partnerplatform.systemtests.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.launcher.DevTokenIssuer;

/**
 * A partner app asking for quotes while running: each request has its own Idempotency-Key and
 * is retried with that same key on every 5xx, 409 and connection failure, as the API tells
 * clients to, until answered with a quote or the retry horizon is over.
 */
public final class QuoteTraffic {

    /** A quote the service answered with: what the client now holds. */
    public record Answered(String quoteId, long partnerQuoteSeq, String status, String kid, String jws, int httpStatus) {
    }

    private final Supplier<String> baseUrl;
    private final DevTokenIssuer tokens;
    private final String subscription;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Answered> answered = new ConcurrentHashMap<>();
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final Set<String> gaveUp = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> nonSuccess = new ConcurrentHashMap<>();
    private final java.util.List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final ExecutorService threads;
    private volatile long retryUntil = Long.MAX_VALUE;

    public QuoteTraffic(Supplier<String> baseUrl, DevTokenIssuer tokens, String subscription, int clients) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.subscription = subscription;
        this.threads = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            threads.submit(this::request);
        }
    }

    private void request() {
        int n = 0;
        while (running.get()) {
            String key = UUID.randomUUID().toString();
            String amount = (20 + (n++ % 400)) + ".00";
            requested.add(key);
            Answered quote = untilAnswered(key, amount);
            if (quote != null) {
                answered.put(key, quote);
            } else {
                gaveUp.add(key);
            }
            Pause.sleep(100);
        }
    }

    private Answered untilAnswered(String key, String amount) {
        long backoff = 250;
        String body = SystemPlatform.quoteBody(subscription, amount);
        while (System.nanoTime() < retryUntil) {
            attempts.incrementAndGet();
            HttpResponse<String> response = Http.trySend(HttpRequest.newBuilder(URI.create(baseUrl.get() + "/v1/quotes"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + tokens.tokenFor(subscription))
                    .header("Idempotency-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            int status = response == null ? -1 : response.statusCode();
            if (status == 200 || status == 201) {
                try {
                    JsonNode quote = Json.MAPPER.readTree(response.body());
                    return new Answered(quote.path("quoteId").asText(), quote.path("partnerQuoteSeq").asLong(),
                            quote.path("status").asText(), quote.path("kid").asText(null), quote.path("jws").asText(null), status);
                } catch (java.io.IOException e) {
                    unexpected.add(status + " unreadable: " + response.body());
                    return null;
                }
            }
            nonSuccess.merge(String.valueOf(status), 1, Integer::sum);
            if (status != -1 && status != 409 && status / 100 != 5) {
                unexpected.add(status + " " + response.body());
                return null;
            }
            Pause.sleep(backoff);
            backoff = Math.min(backoff * 2, 2000);
        }
        return null;
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

    public Map<String, Answered> answered() {
        return Map.copyOf(answered);
    }

    public int requested() {
        return requested.size();
    }

    public Set<String> gaveUp() {
        return Set.copyOf(gaveUp);
    }

    /** Answers a client must not get for a valid request (4xx other than 409, unreadable bodies). */
    public java.util.List<String> unexpectedAnswers() {
        return java.util.List.copyOf(unexpected);
    }

    public int attempts() {
        return attempts.get();
    }

    public Map<String, Integer> nonSuccessAnswers() {
        return Map.copyOf(nonSuccess);
    }
}
