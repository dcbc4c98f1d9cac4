package com.partnerplatform.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.testsupport.KafkaTestHelper;
import com.partnerplatform.ycmt.signatures.cli.VerifyCommand;
import com.partnerplatform.ygg.client.YggClient;

/**
 * What the platform shows once it is up, as a partner engineer would check it: a signed quote
 * verified through the published JWKS, a key rotation that keeps old and new quotes verifiable, a
 * signed YCMT webhook that lands on Kafka once however often it is delivered, and a YGG-signed
 * call whose signed answer verifies. Each step says what happened; a failed step fails
 * {@code ./platform --check}.
 */
final class Demo implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final String SUBSCRIPTION = "SUB-01HX9F2J7K3M5N7P9Q1R3T5V7W";

    private final Path workDir;
    private final DevTokenIssuer tokens;
    private final DemoUpstream upstream;
    private Map<String, String> secrets;
    private String kafkaBootstrap;
    private boolean passed = true;

    Demo(Layout layout) {
        this.workDir = layout.state().resolve("demo");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new IllegalStateException("could not create " + workDir, e);
        }
        this.tokens = new DevTokenIssuer(layout.state().resolve("dev-issuer-jwks.json"));
        this.upstream = new DemoUpstream();
    }

    /** What the services need from the demo: the dev token issuer's keys and the redeem upstream. */
    Map<String, String> environment() {
        return Map.of("QUOTE_DEV_JWKS_FILE", tokens.jwksFile().toString(), "YGG_UPSTREAM_URL", upstream.url());
    }

    boolean run(List<ServiceProcess> services, Map<String, String> secrets, String kafkaBootstrap) {
        this.secrets = secrets;
        this.kafkaBootstrap = kafkaBootstrap;
        System.out.println("\nDemo:");
        for (ServiceProcess service : services) {
            check(service.readyStatus() == 200, service.name + " reports ready at " + service.url() + "/q/health/ready");
        }
        step("quote", this::quoteAndRotation);
        step("webhook", this::webhookOnce);
        step("ygg", this::yggCall);
        return passed;
    }

    private void quoteAndRotation() throws Exception {
        JsonNode first = createQuote("100.00");
        String firstJws = first.path("jws").asText();
        check(first.path("status").asText().equals("SIGNED") && !firstJws.isEmpty(),
                "quote " + first.path("quoteId").asText() + " (ES-MA): 100.00 EUR -> " + first.path("receiveAmount").asText()
                        + " MAD at " + first.path("fxRate").asText() + ", total cost " + first.path("totalConsumerCost").asText()
                        + " EUR, partner_quote_seq " + first.path("partnerQuoteSeq").asText() + ", signed with kid "
                        + first.path("kid").asText());
        check(verify(firstJws, fetchJwks()), "the quote verifies through the published JWKS with the command-line verifier");

        String oldKid = first.path("kid").asText();
        HttpResponse<String> rotation = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8082/admin/keys/rotate"))
                .header("Authorization", "Bearer " + secrets.get("SIGNER_ADMIN_TOKEN"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        String newKid = rotation.statusCode() == 202 ? Json.MAPPER.readTree(rotation.body()).path("kid").asText() : "";
        check(!newKid.isEmpty(), "the signer rotated its key: " + newKid + " is published as PENDING before it signs");

        JsonNode second = awaitQuoteSignedBy(newKid, Duration.ofSeconds(60));
        check(second != null, "after the propagation delay new quotes are signed with " + newKid);
        if (second != null) {
            String jwks = fetchJwks();
            check(verify(firstJws, jwks) && verify(second.path("jws").asText(), jwks),
                    "the JWKS now holds both keys: the old quote (" + oldKid + ") and the new one (" + newKid + ") both verify");
        }
    }

    private JsonNode awaitQuoteSignedBy(String kid, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode quote = createQuote("250.00");
            if (kid.equals(quote.path("kid").asText())) {
                return quote;
            }
            Thread.sleep(2000);
        }
        return null;
    }

    /**
     * As a partner app should: a 503 (the signer not answering yet, e.g. right after a cold start,
     * before its consumer holds its partitions) is retried with the same Idempotency-Key.
     */
    private JsonNode createQuote(String sendAmount) throws Exception {
        String body = "{\"subscriptionId\":\"" + SUBSCRIPTION + "\",\"corridor\":\"ES-MA\",\"sendCurrency\":\"EUR\","
                + "\"receiveCurrency\":\"MAD\",\"sendAmount\":\"" + sendAmount + "\"}";
        String idempotencyKey = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response;
        do {
            response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/v1/quotes"))
                    .header("Authorization", "Bearer " + tokens.tokenFor(SUBSCRIPTION))
                    .header("Idempotency-Key", idempotencyKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            if (response.statusCode() == 503) {
                Thread.sleep(1000L * response.headers().firstValue("Retry-After").filter(v -> v.matches("[1-5]")).map(Long::parseLong)
                        .orElse(1L));
            }
        } while (response.statusCode() == 503 && System.nanoTime() < deadline);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /v1/quotes answered " + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    private String fetchJwks() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/.well-known/jwks.json")).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /.well-known/jwks.json answered " + response.statusCode());
        }
        return response.body();
    }

    /** Runs the partner's command-line verifier, indenting its checklist under the step. */
    private boolean verify(String jws, String jwks) throws IOException {
        Path jwsFile = workDir.resolve("quote-" + UUID.randomUUID() + ".jws");
        Path jwksFile = workDir.resolve("jwks.json");
        Files.writeString(jwsFile, jws);
        Files.writeString(jwksFile, jwks);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyCommand.run(new String[] {"verify", "--jwks", jwksFile.toString(), "--jws", jwsFile.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            out.toString(StandardCharsets.UTF_8).lines().forEach(line -> System.out.println("          " + line));
        }
        return exit == 0;
    }

    private void webhookOnce() throws Exception {
        String deliveryId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        String transferId = "TRF-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String body = "{\"id\":\"" + deliveryId + "\",\"type\":\"transfer.status.changed\",\"transferId\":\"" + transferId
                + "\",\"transferStatus\":\"CONFIRMED\",\"beneficiaryName\":\"Jane Doe\",\"occurredAt\":\"" + Instant.now() + "\"}";
        int firstStatus = deliverWebhook(deliveryId, body);
        check(firstStatus / 100 == 2, "a signed YCMT webhook " + deliveryId + " was accepted (" + firstStatus + ")");
        try (KafkaTestHelper kafka = new KafkaTestHelper(kafkaBootstrap)) {
            var events = kafka.awaitRecords(Topics.YCMT_WEBHOOK_EVENTS, 1, Duration.ofSeconds(30),
                    record -> record.value() != null && record.value().contains("\"" + deliveryId + "\""));
            String event = events.get(0).value();
            check(!event.contains("Jane Doe"), "its CloudEvent is on " + Topics.YCMT_WEBHOOK_EVENTS + " keyed by " + events.get(0).key()
                    + ", personal fields dropped: " + event);
            int secondStatus = deliverWebhook(deliveryId, body);
            check(secondStatus / 100 == 2, "YCMT's retry of the same delivery is acknowledged too (" + secondStatus + ")");
            long copies = kafka.readAll(Topics.YCMT_WEBHOOK_EVENTS, Duration.ofSeconds(3)).stream()
                    .filter(record -> record.value() != null && record.value().contains("\"" + deliveryId + "\"")).count();
            check(copies == 1, "and publishes nothing new: the event is on Kafka " + copies + " time(s)");
        }
        int forged = deliverWebhookSignedWith(deliveryId + "x", body, "whsec_" + Base64.getEncoder().encodeToString(new byte[32]));
        check(forged == 401, "a delivery signed with the wrong secret is refused (" + forged + ") and quarantined");
    }

    private int deliverWebhook(String deliveryId, String body) throws Exception {
        return deliverWebhookSignedWith(deliveryId, body, secrets.get("YCMT_WEBHOOK_SECRETS").split(",")[0]);
    }

    private int deliverWebhookSignedWith(String deliveryId, String body, String secret) throws Exception {
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String signature = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((deliveryId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8083/webhooks/ycmt"))
                .header("Content-Type", "application/json")
                .header("webhook-id", deliveryId)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))).statusCode();
    }

    private void yggCall() throws Exception {
        YggClient ygg = YggClient.create(secrets.get("YGG_API_KEYS").split(",")[0], secrets.get("YGG_SHARED_SECRETS").split(",")[0]);
        YggClient.SignedRequest request = ygg.sign("POST", "/api/v1/deduct-points-by-address",
                "{\"address\":\"0x123456\",\"points\":1000}");
        HttpResponse<String> response = sendYgg(request);
        String signature = response.headers().firstValue("X-API-SIGNATURE").orElse("");
        check(response.statusCode() == 200 && ygg.verifyResponse(request, response.body(), signature),
                "a YGG-signed redeem call went through the gateway; its answer " + response.body()
                        + " carries a response signature that verifies");
        HttpResponse<String> replay = sendYgg(request);
        check(replay.statusCode() == 401 && replay.body().contains("ERR-DUPLICATE-REQUEST"),
                "the same request replayed is refused: " + replay.statusCode() + " " + replay.body());
        check(upstream.calls() == 1, "the redeem upstream saw exactly one call");
    }

    private HttpResponse<String> sendYgg(YggClient.SignedRequest request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8084" + request.path()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach(builder::header);
        return send(builder);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void step(String name, ThrowingStep step) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            check(false, name + " step failed: " + e.getMessage());
        }
    }

    private void check(boolean ok, String what) {
        System.out.println("  " + (ok ? "PASS" : "FAIL") + "  " + what);
        passed &= ok;
    }

    @Override
    public void close() {
        upstream.close();
    }

    @FunctionalInterface
    private interface ThrowingStep {
        void run() throws Exception;
    }
}
