package com.partnerplatform.systemtests.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.launcher.DevTokenIssuer;

/**
 * A partner app asking for quotes while running: each request has its own Idempotency-Key and
 * is retried with that same key on every 5xx, 409 and connection failure, as the API tells
 * clients to, until answered with a quote or the retry horizon is over.
 */
public final class QuoteTraffic extends RetryingClients {

    /** A quote the service answered with: what the client now holds. */
    public record Answered(String quoteId, long partnerQuoteSeq, String status, String kid, String jws, int httpStatus) {
    }

    private final Supplier<String> baseUrl;
    private final DevTokenIssuer tokens;
    private final String subscription;
    private final Map<String, Answered> answered = new ConcurrentHashMap<>();
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final Set<String> gaveUp = ConcurrentHashMap.newKeySet();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();

    public QuoteTraffic(Supplier<String> baseUrl, DevTokenIssuer tokens, String subscription, int clients) {
        super(clients);
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.subscription = subscription;
        startClients(clients, client -> request());
    }

    private void request() {
        int n = 0;
        while (running()) {
            String key = UUID.randomUUID().toString();
            String amount = (20 + (n++ % 400)) + ".00";
            String body = SystemPlatform.quoteBody(subscription, amount);
            requested.add(key);
            Answered quote = untilAnswered(250, () -> tryOnce(key, body));
            if (quote != null) {
                answered.put(key, quote);
            } else {
                gaveUp.add(key);
            }
            Pause.sleep(100);
        }
    }

    private Attempt<Answered> tryOnce(String key, String body) {
        HttpResponse<String> response = Http.trySend(HttpRequest.newBuilder(URI.create(baseUrl.get() + "/v1/quotes"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + tokens.tokenFor(subscription))
                .header("Idempotency-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        int status = response == null ? -1 : response.statusCode();
        if (status == 200 || status == 201) {
            try {
                JsonNode quote = Json.MAPPER.readTree(response.body());
                return Attempt.answered(new Answered(quote.path("quoteId").asText(), quote.path("partnerQuoteSeq").asLong(),
                        quote.path("status").asText(), quote.path("kid").asText(null), quote.path("jws").asText(null), status));
            } catch (java.io.IOException e) {
                unexpected.add(status + " unreadable: " + response.body());
                return Attempt.answered(null);
            }
        }
        if (status != -1 && status != 409 && status / 100 != 5) {
            countNonSuccess(status);
            unexpected.add(status + " " + response.body());
            return Attempt.answered(null);
        }
        return Attempt.retryAfter(status);
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
    public List<String> unexpectedAnswers() {
        return List.copyOf(unexpected);
    }
}
