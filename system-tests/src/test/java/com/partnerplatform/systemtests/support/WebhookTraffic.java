package com.partnerplatform.systemtests.support;

import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * YCMT as a webhook sender: new signed deliveries while running, each retried on every non-2xx
 * answer and every connection failure (as YCMT does) until acknowledged or the retry horizon is
 * over; every tenth acknowledged delivery is sent once more, as a duplicate.
 */
public final class WebhookTraffic extends RetryingClients {

    private final Supplier<String> baseUrl;
    private final String secret;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> gaveUp = ConcurrentHashMap.newKeySet();
    private final AtomicInteger duplicatesSent = new AtomicInteger();
    private final AtomicInteger duplicatesAcknowledged = new AtomicInteger();

    public WebhookTraffic(Supplier<String> baseUrl, String secret, int senders) {
        super(senders);
        this.baseUrl = baseUrl;
        this.secret = secret;
        startClients(senders, this::send);
    }

    private void send(int sender) {
        int n = 0;
        while (running()) {
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
        Boolean acknowledged = untilAnswered(200, () -> {
            HttpResponse<String> response = Webhooks.deliver(baseUrl.get(), secret, id, body);
            int status = response == null ? -1 : response.statusCode();
            return status / 100 == 2 ? Attempt.answered(Boolean.TRUE) : Attempt.retryAfter(status);
        });
        return acknowledged != null;
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

    public int duplicatesSent() {
        return duplicatesSent.get();
    }

    public int duplicatesAcknowledged() {
        return duplicatesAcknowledged.get();
    }
}
