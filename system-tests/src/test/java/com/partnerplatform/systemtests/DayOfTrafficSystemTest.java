package com.partnerplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.launcher.PlatformProcesses;
import com.partnerplatform.systemtests.support.Http;
import com.partnerplatform.systemtests.support.NodeQuoteVerifier;
import com.partnerplatform.systemtests.support.Pause;
import com.partnerplatform.systemtests.support.SharedPlatform;
import com.partnerplatform.systemtests.support.SystemPlatform;
import com.partnerplatform.systemtests.support.TopicReader.TextRecord;
import com.partnerplatform.systemtests.support.TopicReader;
import com.partnerplatform.systemtests.support.Webhooks;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;
import com.partnerplatform.ycmt.signatures.VerificationReport;
import com.partnerplatform.ygg.client.YggClient;

/**
 * A compressed day of traffic on the whole platform: customers of many subscriptions asking for
 * quotes on every corridor (some retried with their Idempotency-Key), a signing-key rotation in
 * the middle of it, quotes outliving their lifetime (the shared platform runs quote-service with a
 * 40 s lifetime), YCMT webhooks delivered with retries, forged first attempts and duplicates, and
 * YGG calls with replays. At the end every quote ever answered verifies with independent code
 * (npm jose over the published JWKS, npm canonicalize on the payload), old and new keys alike.
 */
@ExtendWith(SharedPlatform.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DayOfTrafficSystemTest {

    private static final String YGG_PATH = "/api/v1/deduct-points-by-address";
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final Map<String, String[]> CORRIDORS = Map.of(
            "ES-MA", new String[] {"EUR", "MAD"}, "FR-SN", new String[] {"EUR", "XOF"}, "DE-PH", new String[] {"EUR", "PHP"});

    private static SystemPlatform platform;
    private static final List<JsonNode> quotes = new CopyOnWriteArrayList<>();
    private static final Map<String, String> idempotentReplays = new ConcurrentHashMap<>();
    private static final List<String> unexpected = new CopyOnWriteArrayList<>();
    private static final Map<String, Integer> webhookDeliveries = new ConcurrentHashMap<>();
    private static final Map<String, Integer> webhookStatuses = new ConcurrentHashMap<>();
    private static final Map<String, Object> summary = new LinkedHashMap<>();
    private static String oldKid;
    private static String newKid;
    private static int yggAccepted;
    private static int yggVerified;
    private static int upstreamCalls;
    private static final List<String> yggReplays = new ArrayList<>();

    @BeforeAll
    static void aDayOfTraffic(SystemPlatform shared) throws Exception {
        platform = shared;
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            subscriptions.add("SUB-" + ulid());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> webhooks = pool.submit(DayOfTrafficSystemTest::webhooks);
            Future<?> ygg = pool.submit(DayOfTrafficSystemTest::ygg);
            List<Future<?>> morning = new ArrayList<>();
            for (int i = 0; i < 75; i++) {
                int n = i;
                morning.add(pool.submit(() -> quote(subscriptions.get(n % subscriptions.size()), n, n % 7 == 0)));
            }
            for (Future<?> f : morning) {
                f.get(3, TimeUnit.MINUTES);
            }
            oldKid = quotes.get(0).path("kid").asText();
            newKid = rotate();
            // the new key signs once its propagation delay is over; quote until it does, then some more
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int n = 1000;
            int afterRotation = 0;
            while (afterRotation < 20 && System.nanoTime() < deadline) {
                JsonNode quote = quote(subscriptions.get(n % subscriptions.size()), n++, false);
                if (quote != null && newKid.equals(quote.path("kid").asText())) {
                    afterRotation++;
                } else {
                    Pause.sleep(250);
                }
            }
            webhooks.get(3, TimeUnit.MINUTES);
            ygg.get(3, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        // the first quotes of the day outlive their 40 s lifetime
        Instant firstExpiry = Instant.parse(quotes.stream().map(q -> q.path("expiresAt").asText()).sorted().findFirst()
                .orElseThrow());
        long wait = Duration.between(Instant.now(), firstExpiry).toMillis() + 3000;
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    @Test
    void everyQuoteOfTheDayVerifiesWithJoseAndCanonicalizeThroughThePublishedJwks() throws Exception {
        List<String> jws = quotes.stream().map(q -> q.path("jws").asText()).toList();
        List<JsonNode> results = NodeQuoteVerifier.verify(platform.url(PlatformProcesses.QUOTE) + "/.well-known/jwks.json", jws);
        Set<String> kids = quotes.stream().map(q -> q.path("kid").asText()).collect(Collectors.toSet());
        summary.put("quotes answered", quotes.size());
        summary.put("subscriptions", quotes.stream().map(q -> q.path("subscriptionId").asText()).distinct().count());
        summary.put("quotes per corridor", quotes.stream().collect(Collectors.groupingBy(q -> q.path("corridor").asText(),
                Collectors.counting())));
        summary.put("signing kids", kids);
        summary.put("verified by jose + canonicalize", results.stream().filter(r -> r.path("ok").asBoolean()
                && r.path("canonical").asBoolean()).count());

        assertThat(unexpected).as("answers a valid quote request must never get").isEmpty();
        assertThat(results).hasSameSizeAs(jws);
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            JsonNode quote = quotes.get(i);
            String id = quote.path("quoteId").asText();
            assertThat(result.path("ok").asBoolean()).as("jose verifies " + id + ": " + result).isTrue();
            assertThat(result.path("canonical").asBoolean()).as("payload of " + id + " is its own RFC 8785 form").isTrue();
            assertThat(result.path("headerMembers").toString()).as("closed header of " + id).isEqualTo("[\"alg\",\"kid\",\"typ\"]");
            assertThat(result.path("header").path("kid").asText()).as("kid of " + id).isEqualTo(quote.path("kid").asText());
            assertThat(result.path("claims").path("quote_id").asText()).as("the signed quote is the one answered").isEqualTo(id);
            assertThat(result.path("claims").path("partner_quote_seq").asLong()).as("signed sequence number of " + id)
                    .isEqualTo(quote.path("partnerQuoteSeq").asLong());
        }
        assertThat(kids).as("quotes signed before and after the rotation").contains(oldKid, newKid);
    }

    @Test
    void quotesPastTheirLifetimeAreExpiredAndNoLongerAccepted() throws Exception {
        JsonNode first = quotes.stream().min((a, b) -> a.path("expiresAt").asText().compareTo(b.path("expiresAt").asText()))
                .orElseThrow();
        String id = first.path("quoteId").asText();
        HttpResponse<String> read = Http.get(platform.url(PlatformProcesses.QUOTE) + "/v1/quotes/" + id,
                Map.of("Authorization", "Bearer " + platform.tokens().tokenFor(first.path("subscriptionId").asText())));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(read.body()).path("status").asText()).as("status of " + id + " after its exp")
                .isEqualTo("EXPIRED");
        String jwks = Http.get(platform.url(PlatformProcesses.QUOTE) + "/.well-known/jwks.json", Map.of()).body();
        VerificationReport report = new LocalVerifier(Jwks.parse(jwks), Clock.systemUTC()).verify(first.path("jws").asText(),
                Artefact.QUOTE);
        assertThat(report.ok()).isFalse();
        assertThat(report.errorCode().map(e -> e.code())).as("the partner's own checklist on an old quote").contains("quote.expired");

        long expiredEvents = waitForExpiredEvents(id);
        summary.put("quote.events EXPIRED for the first quote of the day", expiredEvents);
        assertThat(expiredEvents).as("EXPIRED lifecycle event of " + id + " on " + Topics.QUOTE_EVENTS).isEqualTo(1);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameQuote() {
        summary.put("idempotent replays", idempotentReplays.size());
        assertThat(idempotentReplays).as("replays sent").isNotEmpty();
        idempotentReplays.forEach((original, replayed) -> assertThat(replayed).as("replay of " + original).isEqualTo(original));
        Set<Long> sequences = quotes.stream().map(q -> q.path("partnerQuoteSeq").asLong()).collect(Collectors.toSet());
        assertThat(sequences).as("partner_quote_seq: one per quote").hasSize(quotes.size());
    }

    @Test
    void everyWebhookDeliveredWithRetriesAndDuplicatesIsOnKafkaOnce() throws Exception {
        Map<String, Long> onKafka = new HashMap<>();
        for (TextRecord record : TopicReader.readAll(platform.kafkaBootstrap(), Topics.YCMT_WEBHOOK_EVENTS)) {
            String id = Json.MAPPER.readTree(record.value()).path("id").asText();
            if (webhookDeliveries.containsKey(id)) {
                onKafka.merge(id, 1L, Long::sum);
            }
        }
        summary.put("webhook deliveries (distinct) / HTTP attempts", webhookDeliveries.size() + " / "
                + webhookDeliveries.values().stream().mapToInt(Integer::intValue).sum());
        summary.put("webhook answers", webhookStatuses);
        assertThat(onKafka.keySet()).as("every delivery is on " + Topics.YCMT_WEBHOOK_EVENTS).isEqualTo(webhookDeliveries.keySet());
        assertThat(onKafka.values()).as("copies per delivery (no faults: none re-published)").containsOnly(1L);
        assertThat(webhookStatuses).as("forged first attempts were refused").containsKey("401");
    }

    @Test
    void yggCallsGoThroughOnceAndReplaysAreRefused() {
        summary.put("YGG accepted / response signatures verified / upstream calls", yggAccepted + " / " + yggVerified + " / "
                + upstreamCalls);
        summary.put("YGG replays", yggReplays.stream().distinct().toList());
        assertThat(yggAccepted).isEqualTo(40);
        assertThat(yggVerified).isEqualTo(yggAccepted);
        assertThat(upstreamCalls).as("the redeem upstream saw each accepted call once").isEqualTo(yggAccepted);
        assertThat(yggReplays).hasSize(10).allSatisfy(r -> assertThat(r).startsWith("401").contains("ERR-DUPLICATE-REQUEST"));
    }

    @AfterAll
    static void report() {
        System.out.println("\n===== DAY OF TRAFFIC =====");
        summary.forEach((name, value) -> System.out.printf("  %-62s %s%n", name, value));
        System.out.println("==========================\n");
    }

    private static JsonNode quote(String subscription, int n, boolean replay) {
        List<String> corridors = List.of("ES-MA", "FR-SN", "DE-PH");
        String corridor = corridors.get(n % 3);
        String[] currencies = CORRIDORS.get(corridor);
        String amount = (25 + (n * 37) % 1900) + "." + String.format("%02d", n % 100);
        String body = "{\"subscriptionId\":\"" + subscription + "\",\"corridor\":\"" + corridor + "\",\"sendCurrency\":\""
                + currencies[0] + "\",\"receiveCurrency\":\"" + currencies[1] + "\",\"sendAmount\":\"" + amount + "\"}";
        String key = UUID.randomUUID().toString();
        JsonNode quote = null;
        for (int attempt = 0; attempt < 10 && quote == null; attempt++) {
            HttpResponse<String> response = Http.post(platform.url(PlatformProcesses.QUOTE) + "/v1/quotes", Map.of(
                    "Authorization", "Bearer " + platform.tokens().tokenFor(subscription), "Idempotency-Key", key,
                    "Content-Type", "application/json"), body);
            if (response.statusCode() == 201) {
                quote = read(response.body());
            } else if (response.statusCode() != 503 && response.statusCode() != 409) {
                unexpected.add(response.statusCode() + " " + response.body());
                return null;
            } else {
                Pause.sleep(1000);
            }
        }
        if (quote == null) {
            unexpected.add("no quote for " + subscription + " " + corridor + " " + amount + " after 10 attempts");
            return null;
        }
        quotes.add(quote);
        if (replay) {
            HttpResponse<String> again = Http.post(platform.url(PlatformProcesses.QUOTE) + "/v1/quotes", Map.of(
                    "Authorization", "Bearer " + platform.tokens().tokenFor(subscription), "Idempotency-Key", key,
                    "Content-Type", "application/json"), body);
            idempotentReplays.put(quote.path("quoteId").asText(), again.statusCode() / 100 == 2
                    ? read(again.body()).path("quoteId").asText() : "answered " + again.statusCode());
        }
        return quote;
    }

    private static String rotate() {
        HttpResponse<String> rotation = Http.send(HttpRequest.newBuilder(URI.create(
                platform.url(PlatformProcesses.SIGNER) + "/admin/keys/rotate"))
                .header("Authorization", "Bearer " + platform.secret("SIGNER_ADMIN_TOKEN"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(rotation.statusCode()).as("rotation: " + rotation.body()).isEqualTo(202);
        return read(rotation.body()).path("kid").asText();
    }

    /** 60 YCMT events; a fifth first arrive with a forged signature; each is then delivered one to three times. */
    private static void webhooks() {
        String url = platform.url(PlatformProcesses.WEBHOOK);
        String secret = platform.secret("YCMT_WEBHOOK_SECRETS").split(",")[0];
        String forger = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        for (int i = 0; i < 60; i++) {
            String id = "msg_day_" + i + "_" + UUID.randomUUID().toString().replace("-", "");
            String body = Webhooks.transferEvent(id, "TRF-DAY-" + (i % 9), i % 2 == 0 ? "CONFIRMED" : "PAID");
            if (i % 5 == 0) {
                count(id, Webhooks.deliver(url, forger, id, body));
            }
            int copies = 1 + i % 3;
            for (int c = 0; c < copies; c++) {
                HttpResponse<String> response;
                do {
                    response = Webhooks.deliver(url, secret, id, body);
                    count(id, response);
                } while (response == null || response.statusCode() / 100 != 2 && response.statusCode() != 401);
            }
            Pause.sleep(50);
        }
    }

    private static void count(String id, HttpResponse<String> response) {
        webhookDeliveries.merge(id, 1, Integer::sum);
        webhookStatuses.merge(response == null ? "no answer" : String.valueOf(response.statusCode()), 1, Integer::sum);
    }

    /** 40 signed YGG calls, every fourth replayed at once. */
    private static void ygg() {
        YggClient client = YggClient.create(platform.secret("YGG_API_KEYS").split(",")[0],
                platform.secret("YGG_SHARED_SECRETS").split(",")[0]);
        int before = platform.upstream().calls();
        int accepted = 0;
        int verified = 0;
        for (int i = 0; i < 40; i++) {
            YggClient.SignedRequest request = client.sign("POST", YGG_PATH,
                    "{\"address\":\"0xday" + i + "\",\"points\":" + (100 + i) + "}");
            HttpResponse<String> response = yggSend(request);
            if (response.statusCode() == 200) {
                accepted++;
                if (client.verifyResponse(request, response.body(), response.headers().firstValue(YggClient.SIGNATURE_HEADER)
                        .orElse(""))) {
                    verified++;
                }
            }
            if (i % 4 == 0) {
                HttpResponse<String> replay = yggSend(request);
                synchronized (yggReplays) {
                    yggReplays.add(replay.statusCode() + " " + replay.body());
                }
            }
            Pause.sleep(50);
        }
        yggAccepted = accepted;
        yggVerified = verified;
        upstreamCalls = platform.upstream().calls() - before;
    }

    private static HttpResponse<String> yggSend(YggClient.SignedRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(platform.url(PlatformProcesses.YGG) + request.path()))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach(builder::header);
        return Http.send(builder);
    }

    private static long waitForExpiredEvents(String quoteId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long count = 0;
        while (System.nanoTime() < deadline) {
            count = TopicReader.readAll(platform.kafkaBootstrap(), Topics.QUOTE_EVENTS).stream()
                    .filter(r -> quoteId.equals(r.key()) && r.value() != null && r.value().contains("\"EXPIRED\"")).count();
            if (count > 0) {
                return count;
            }
            Thread.sleep(1000);
        }
        return count;
    }

    private static String ulid() {
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder("01J");
        for (int i = 0; i < 23; i++) {
            s.append(CROCKFORD.charAt(random.nextInt(CROCKFORD.length())));
        }
        return s.toString();
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
