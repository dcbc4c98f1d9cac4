package com.partnerplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.launcher.PlatformProcesses;
import com.partnerplatform.launcher.ServiceProcess;
import com.partnerplatform.systemtests.support.Http;
import com.partnerplatform.systemtests.support.Pause;
import com.partnerplatform.systemtests.support.QuoteTraffic;
import com.partnerplatform.systemtests.support.SystemPlatform;
import com.partnerplatform.systemtests.support.TopicReader.TextRecord;
import com.partnerplatform.systemtests.support.TopicReader;
import com.partnerplatform.systemtests.support.WebhookTraffic;
import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;
import com.partnerplatform.ycmt.signatures.VerificationReport;
import com.partnerplatform.ygg.client.YggClient;

/**
 * Crashes and outages while traffic flows: webhook deliveries from a sender that retries every
 * non-2xx, quote requests retried with their Idempotency-Key, and YGG calls - while
 * webhook-ingress, signer-service, quote-service and the YGG gateway are killed with SIGKILL and
 * restarted, and the Kafka broker and PostgreSQL are stopped and started. Then: every
 * acknowledged delivery is on Kafka exactly once after dedupe by CloudEvent id, every quote a
 * client holds as signed is persisted SIGNED and verifies, no partner_quote_seq serves two quotes,
 * a YGG request id accepted before the gateway's restart is refused after it, and every
 * component is healthy again without being touched.
 *
 * <p>Short form by default (one round of faults); {@code -Dsystem.faults.rounds=N} repeats them.
 */
@Tag("fault")
@Order(1) // first: its own platform is stopped before the shared one starts (junit-platform.properties)
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class FaultInjectionSystemTest {

    private static final String YGG_PATH = "/api/v1/deduct-points-by-address";
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RETRY_HORIZON = Duration.ofSeconds(90);

    private static SystemPlatform platform;
    private static WebhookTraffic webhooks;
    private static QuoteTraffic quotes;
    private static YggTraffic ygg;
    private static final List<String> faults = new ArrayList<>();
    private static final List<String> yggReplaysAfterRestart = new ArrayList<>();
    private static final Map<String, Object> summary = new LinkedHashMap<>();

    @BeforeAll
    static void trafficThroughCrashesAndOutages() throws Exception {
        platform = SystemPlatform.start("faults", false, builder -> { },
                PlatformProcesses.SERVICE_PORTS.keySet().toArray(String[]::new));
        platform.awaitQuotesSigned();
        int rounds = Integer.getInteger("system.faults.rounds", 1);

        webhooks = new WebhookTraffic(() -> platform.url(PlatformProcesses.WEBHOOK),
                platform.secret("YCMT_WEBHOOK_SECRETS").split(",")[0], 3);
        quotes = new QuoteTraffic(() -> platform.url(PlatformProcesses.QUOTE), platform.tokens(), SystemPlatform.SUBSCRIPTION, 2);
        ygg = new YggTraffic(platform);
        ygg.start();
        Thread.sleep(3000);

        for (int round = 1; round <= rounds; round++) {
            crash(PlatformProcesses.WEBHOOK);
            crash(PlatformProcesses.SIGNER);
            crash(PlatformProcesses.QUOTE);
            outage("Kafka broker", () -> platform.processes().kafka().stop(),
                    () -> platform.processes().kafka().start(Duration.ofSeconds(120)));
            outage("PostgreSQL", () -> platform.processes().postgres().stop(), () -> platform.processes().postgres().start());
            crashGatewayAndReplay();
        }
        Thread.sleep(3000);
        ygg.stop();
        webhooks.stopCreating(RETRY_HORIZON);
        quotes.stopCreating(RETRY_HORIZON);
        webhooks.awaitEnd(RETRY_HORIZON.plusSeconds(30));
        quotes.awaitEnd(RETRY_HORIZON.plusSeconds(30));
    }

    private static void crash(String module) {
        ServiceProcess service = platform.service(module);
        Pause.sleep(2500);
        long started = System.nanoTime();
        service.kill();
        service.restart(RESTART_TIMEOUT);
        faults.add(String.format("SIGKILL %s, restarted and ready in %.1f s", module, (System.nanoTime() - started) / 1e9));
    }

    private static void outage(String what, Runnable stop, Runnable start) {
        Pause.sleep(2500);
        long started = System.nanoTime();
        stop.run();
        double stopped = (System.nanoTime() - started) / 1e9;
        Pause.sleep(5000);
        long restarting = System.nanoTime();
        start.run();
        faults.add(String.format("%s stopped (took %.1f s), down 5 s, started again in %.1f s", what, stopped,
                (System.nanoTime() - restarting) / 1e9));
    }

    private static void crashGatewayAndReplay() {
        Pause.sleep(2500);
        List<YggClient.SignedRequest> acceptedBefore = ygg.lastAccepted(3);
        crash(PlatformProcesses.YGG);
        for (YggClient.SignedRequest request : acceptedBefore) {
            HttpResponse<String> replay = ygg.send(request);
            yggReplaysAfterRestart.add(replay == null ? "no answer" : replay.statusCode() + " " + replay.body());
        }
    }

    @Test
    void everyAcknowledgedWebhookIsOnKafkaExactlyOnceAfterDedupe() throws Exception {
        Set<String> acknowledged = webhooks.acknowledged();
        List<TextRecord> records = TopicReader.readAll(platform.kafkaBootstrap(), Topics.YCMT_WEBHOOK_EVENTS);
        Map<String, List<String>> byEventId = new HashMap<>();
        for (TextRecord record : records) {
            JsonNode event = Json.MAPPER.readTree(record.value());
            byEventId.computeIfAbsent(event.path("id").asText(), id -> new ArrayList<>()).add(record.value());
        }
        Set<String> onKafkaFromThisRun = byEventId.keySet().stream().filter(id -> id.startsWith("msg_fault_"))
                .collect(Collectors.toSet());
        long duplicates = byEventId.values().stream().mapToInt(copies -> copies.size() - 1).sum();
        summary.put("webhook deliveries sent", webhooks.sent().size());
        summary.put("webhook HTTP attempts", webhooks.attempts());
        summary.put("webhook non-2xx answers (status:count, -1 = no connection)", webhooks.nonSuccessAnswers());
        summary.put("webhook deliveries acknowledged", acknowledged.size());
        summary.put("webhook deliveries given up by the sender", webhooks.gaveUp().size());
        summary.put("webhook duplicates re-sent after ack / acknowledged", webhooks.duplicatesSent() + " / "
                + webhooks.duplicatesAcknowledged());
        summary.put("ycmt.webhook.events records", records.size());
        summary.put("ycmt.webhook.events duplicates before dedupe", duplicates);
        summary.put("ycmt.webhook.events distinct events after dedupe", byEventId.size());

        assertThat(acknowledged).as("deliveries acknowledged during the faults").hasSizeGreaterThan(20);
        assertThat(webhooks.gaveUp()).as("deliveries never acknowledged within the sender's retry horizon").isEmpty();
        assertThat(onKafkaFromThisRun).as("every acknowledged delivery is on " + Topics.YCMT_WEBHOOK_EVENTS)
                .containsAll(acknowledged);
        assertThat(onKafkaFromThisRun).as("nothing on Kafka that the sender did not send").isSubsetOf(webhooks.sent());
        assertThat(byEventId.values()).as("a re-published event is the same CloudEvent (same id, time and data)")
                .allSatisfy(copies -> assertThat(copies.stream().map(FaultInjectionSystemTest::tree).distinct()).hasSize(1));
        assertThat(webhooks.duplicatesAcknowledged()).as("duplicates of acknowledged deliveries are acknowledged")
                .isEqualTo(webhooks.duplicatesSent());
    }

    @Test
    void everyQuoteAnsweredSignedIsPersistedSignedVerifiesAndHasItsOwnSequenceNumber() throws Exception {
        Map<String, QuoteTraffic.Answered> answered = quotes.answered();
        List<QuoteTraffic.Answered> signed = answered.values().stream().filter(q -> "SIGNED".equals(q.status())).toList();
        String jwks = Http.get(platform.url(PlatformProcesses.QUOTE) + "/.well-known/jwks.json", Map.of()).body();
        LocalVerifier verifier = new LocalVerifier(Jwks.parse(jwks), Clock.systemUTC());
        List<String> unverified = new ArrayList<>();
        for (QuoteTraffic.Answered quote : signed) {
            VerificationReport report = verifier.verify(quote.jws(), Artefact.QUOTE);
            if (!report.ok()) {
                unverified.add(quote.quoteId() + " (" + quote.kid() + "): " + report.errorCode().map(e -> e.code()).orElse("?")
                        + " " + report.firstFailure());
            }
        }
        Map<String, String[]> persisted = persisted(signed.stream().map(QuoteTraffic.Answered::quoteId).toList());
        Map<String, Integer> statuses = statusCounts();

        summary.put("quotes requested (distinct Idempotency-Keys)", quotes.requested());
        summary.put("quote HTTP attempts", quotes.attempts());
        summary.put("quote non-2xx answers (status:count, -1 = no connection)", quotes.nonSuccessAnswers());
        summary.put("quotes answered signed", signed.size());
        summary.put("quotes given up by the client", quotes.gaveUp().size());
        summary.put("quotes verified through the JWKS", signed.size() - unverified.size());
        summary.put("quote rows by status", statuses);

        assertThat(quotes.unexpectedAnswers()).as("answers a valid quote request must never get").isEmpty();
        assertThat(signed).as("quotes answered signed during the faults").hasSizeGreaterThan(10);
        assertThat(answered.values()).as("a quote answered 2xx is SIGNED").allMatch(q -> "SIGNED".equals(q.status()));
        assertThat(quotes.gaveUp()).as("quote requests never answered within the client's retry horizon").isEmpty();
        for (QuoteTraffic.Answered quote : signed) {
            String[] row = persisted.get(quote.quoteId());
            assertThat(row).as("quote " + quote.quoteId() + " answered signed is in quote.quote").isNotNull();
            assertThat(row[0]).as("status of " + quote.quoteId()).isIn("SIGNED", "EXPIRED");
            assertThat(row[1]).as("the persisted JWS of " + quote.quoteId() + " is the one the client holds").isEqualTo(quote.jws());
            assertThat(Long.parseLong(row[2])).as("partner_quote_seq of " + quote.quoteId()).isEqualTo(quote.partnerQuoteSeq());
        }
        Map<Long, Set<String>> quotesPerSeq = new HashMap<>();
        signed.forEach(q -> quotesPerSeq.computeIfAbsent(q.partnerQuoteSeq(), s -> new HashSet<>()).add(q.quoteId()));
        for (TextRecord record : TopicReader.readAll(platform.kafkaBootstrap(), Topics.QUOTE_EVENTS)) {
            JsonNode event = Json.MAPPER.readTree(record.value());
            quotesPerSeq.computeIfAbsent(event.path("partnerQuoteSeq").asLong(), s -> new HashSet<>())
                    .add(event.path("quoteId").asText());
        }
        assertThat(quotesPerSeq.entrySet().stream().filter(e -> e.getValue().size() > 1).toList())
                .as("partner_quote_seq values that served more than one quote (answers and quote.events)").isEmpty();
        assertThat(unverified).as("signed quotes that do not verify through the published JWKS").isEmpty();
    }

    @Test
    void aYggRequestAcceptedBeforeTheGatewayRestartIsRefusedAfterIt() {
        summary.put("YGG calls accepted / refused / no answer", ygg.accepted.get() + " / " + ygg.refused.get() + " / "
                + ygg.noAnswer.get());
        summary.put("YGG accepted answers whose response signature verifies", ygg.verifiedResponses.get());
        summary.put("YGG replays after the gateway restart", yggReplaysAfterRestart);
        assertThat(yggReplaysAfterRestart).as("replays of requests accepted before the restart").isNotEmpty()
                .allSatisfy(answer -> assertThat(answer).startsWith("401").contains("ERR-DUPLICATE-REQUEST"));
        assertThat(ygg.verifiedResponses.get()).as("every accepted YGG answer carries a valid response signature")
                .isEqualTo(ygg.accepted.get());
    }

    @Test
    void everyComponentRecoversWithoutManualAction() throws Exception {
        for (ServiceProcess service : platform.processes().services()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (service.readyStatus() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(service.readyStatus()).as(service.name() + " /q/health/ready after the faults").isEqualTo(200);
        }
        HttpResponse<String> quote = platform.requestQuote("50.00", null);
        assertThat(quote.statusCode()).as("a new quote after the faults: " + quote.body()).isEqualTo(201);
        summary.put("faults injected", faults.size());
        faults.forEach(fault -> summary.put("fault " + (faults.indexOf(fault) + 1), fault));
    }

    @AfterAll
    static void printSummaryAndStop() {
        System.out.println("\n===== FAULT INJECTION SUMMARY =====");
        summary.forEach((name, value) -> System.out.printf("  %-70s %s%n", name, value));
        System.out.println("===================================\n");
        if (platform != null) {
            platform.close();
        }
    }

    /** quoteId -> {status, jws, partner_quote_seq} for the given quotes. */
    private static Map<String, String[]> persisted(List<String> quoteIds) throws Exception {
        Map<String, String[]> rows = new HashMap<>();
        try (Connection db = PostgresServer.open(platform.processes().database());
                PreparedStatement query = db.prepareStatement(
                        "SELECT quote_id, status, jws, partner_quote_seq FROM quote.quote WHERE quote_id = ANY (?)")) {
            Array ids = db.createArrayOf("text", quoteIds.toArray());
            query.setArray(1, ids);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        return rows;
    }

    private static Map<String, Integer> statusCounts() throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection db = PostgresServer.open(platform.processes().database());
                ResultSet rs = db.createStatement().executeQuery(
                        "SELECT status, count(*) FROM quote.quote GROUP BY status ORDER BY status")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** YGG Redeem calling through the gateway a few times a second; keeps the requests it got a 200 for. */
    static final class YggTraffic {
        private final SystemPlatform platform;
        private final YggClient client;
        private final List<YggClient.SignedRequest> acceptedRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger noAnswer = new AtomicInteger();
        final AtomicInteger verifiedResponses = new AtomicInteger();
        private volatile boolean running = true;
        private Thread thread;

        YggTraffic(SystemPlatform platform) {
            this.platform = platform;
            this.client = YggClient.create(platform.secret("YGG_API_KEYS").split(",")[0],
                    platform.secret("YGG_SHARED_SECRETS").split(",")[0]);
        }

        void start() {
            thread = new Thread(() -> {
                int n = 0;
                while (running) {
                    YggClient.SignedRequest request = client.sign("POST", YGG_PATH,
                            "{\"address\":\"0x" + Integer.toHexString(0x100000 + n++) + "\",\"points\":" + (10 + n % 90) + "}");
                    HttpResponse<String> response = send(request);
                    if (response == null) {
                        noAnswer.incrementAndGet();
                    } else if (response.statusCode() == 200) {
                        accepted.incrementAndGet();
                        acceptedRequests.add(request);
                        if (client.verifyResponse(request, response.body(),
                                response.headers().firstValue(YggClient.SIGNATURE_HEADER).orElse(""))) {
                            verifiedResponses.incrementAndGet();
                        }
                    } else {
                        refused.incrementAndGet();
                    }
                    Pause.sleep(200);
                }
            }, "ygg-traffic");
            thread.start();
        }

        List<YggClient.SignedRequest> lastAccepted(int count) {
            List<YggClient.SignedRequest> all = List.copyOf(acceptedRequests);
            return all.subList(Math.max(0, all.size() - count), all.size());
        }

        HttpResponse<String> send(YggClient.SignedRequest request) {
            java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(platform.url(PlatformProcesses.YGG) + request.path()))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
            request.headers().forEach(builder::header);
            return Http.trySend(builder);
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(30_000);
        }
    }
}
