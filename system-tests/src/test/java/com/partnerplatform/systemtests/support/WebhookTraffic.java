package com.partnerplatform.systemtests.support;

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

/**
 * YCMT as a webhook sender: new signed deliveries while running, each retried on every non-2xx
 * answer and every connection failure (as YCMT does) until acknowledged or the retry horizon is
 * over; every tenth acknowledged delivery is sent once more, as a duplicate.
 */
public final class WebhookTraffic {

    private final Supplier<String> baseUrl;
    private final String secret;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> gaveUp = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> nonSuccess = new ConcurrentHashMap<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger duplicatesSent = new AtomicInteger();
    private final AtomicInteger duplicatesAcknowledged = new AtomicInteger();
    private final ExecutorService threads;
    private volatile long retryUntil = Long.MAX_VALUE;

    public WebhookTraffic(Supplier<String> baseUrl, String secret, int senders) {
        this.baseUrl = baseUrl;
        this.secret = secret;
        this.threads = Executors.newFixedThreadPool(senders);
        for (int i = 0; i < senders; i++) {
            int sender = i;
            threads.submit(() -> send(sender));
        }
    }

    private void send(int sender) {
        int n = 0;
        while (running.get()) {
            String id = "msg_fault_" + sender + "_" + (n++) + "_" + UUID.randomUUID().toString().replace("-", "");
            String body = Webhooks.transferEvent(id, "TRF-FAULT-" + (n % 17), n % 2 == 0 ? "CONFIRMED" : "PAID");
            sent.add(id);
            if (deliverUntilAcknowledged(id, body)) {
                acknowledged.add(id);
                if (n % 10 == 0) {
                    // YCMT redelivers an event it already got a 2xx for (a lost answer on its side)
                    duplicatesSent.incrementAndGet();
                    if (deliverUntilAcknowledged(id, body)) {
                        duplicatesAcknowledged.incrementAndGet();
                    }
                }
            } else {
                gaveUp.add(id);
            }
            Pause.sleep(40);
        }
    }

    private boolean deliverUntilAcknowledged(String id, String body) {
        long backoff = 200;
        while (System.nanoTime() < retryUntil) {
            attempts.incrementAndGet();
            HttpResponse<String> response = Webhooks.deliver(baseUrl.get(), secret, id, body);
            int status = response == null ? -1 : response.statusCode();
            if (status / 100 == 2) {
                return true;
            }
            nonSuccess.merge(String.valueOf(status), 1, Integer::sum);
            Pause.sleep(backoff);
            backoff = Math.min(backoff * 2, 2000);
        }
        return false;
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

    public Set<String> sent() {
        return Set.copyOf(sent);
    }

    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    public Set<String> gaveUp() {
        return Set.copyOf(gaveUp);
    }

    public int attempts() {
        return attempts.get();
    }

    public Map<String, Integer> nonSuccessAnswers() {
        return Map.copyOf(nonSuccess);
    }

    public int duplicatesSent() {
        return duplicatesSent.get();
    }

    public int duplicatesAcknowledged() {
        return duplicatesAcknowledged.get();
    }
}
