package com.partnerplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.partnerplatform.launcher.PlatformProcesses;
import com.partnerplatform.systemtests.support.Http;
import com.partnerplatform.systemtests.support.OtlpReceiver.ReceivedSpan;
import com.partnerplatform.systemtests.support.Pause;
import com.partnerplatform.systemtests.support.PlantedSecrets.Leak;
import com.partnerplatform.systemtests.support.PlantedSecrets;
import com.partnerplatform.systemtests.support.Repo;
import com.partnerplatform.systemtests.support.SharedPlatform;
import com.partnerplatform.systemtests.support.SystemPlatform;
import com.partnerplatform.systemtests.support.TopicReader.TextRecord;
import com.partnerplatform.systemtests.support.TopicReader;
import com.partnerplatform.systemtests.support.Webhooks;
import com.partnerplatform.ygg.client.YggClient;

/**
 * Secrets never reach a log, a Kafka record or a span: all four services (with Kafka and
 * PostgreSQL) are driven with requests carrying secrets planted for this run - customer bearer
 * tokens (valid and forged), admin tokens (wrong and right), YGG API keys and signatures, webhook
 * signatures, a {@code whsec_} secret inside a webhook body, a PEM private key inside bad request
 * bodies - and then every log file of every process, every record on every topic event-schemas
 * defines, and every exported span are searched for them, along with the platform's own
 * configured secrets.
 */
@ExtendWith(SharedPlatform.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SecretFreeLogsSystemTest {

    private static final String YGG_PATH = "/api/v1/deduct-points-by-address";

    private static SystemPlatform platform;
    private static final PlantedSecrets planted = new PlantedSecrets();
    /** Non-secret values that are sent the same way and DO show up: proof that each scan reads what it should. */
    private static final PlantedSecrets canaries = new PlantedSecrets();
    private static final List<String> answers = new ArrayList<>();

    @BeforeAll
    static void driveEveryServiceWithPlantedSecrets(SystemPlatform shared) {
        platform = shared;
        shared.secrets().forEach((name, value) -> planted.plant("configured " + name, value));
        quoteService();
        signerService();
        webhookIngress();
        yggGateway();
        answers.forEach(answer -> System.out.println("  " + answer));
        // the services' console handlers write synchronously; the OTLP exporter batches for 100 ms
        Pause.sleep(1500);
    }

    @Test
    void noServiceLogNorTheBrokerNorTheDatabaseLogsAPlantedSecret() {
        List<Leak> leaks = new ArrayList<>(planted.scanFiles(platform.directory(), ".log"));
        leaks.addAll(planted.scanFiles(Repo.root().resolve("system-tests/target"), "test-jvm.log"));
        System.out.println("scanned the logs of " + platform.processes().services().size()
                + " services, the broker and the test JVM (PostgreSQL's output) for " + planted.count() + " planted secrets");
        List<Leak> seen = new ArrayList<>(canaries.scanFiles(platform.directory(), ".log"));
        assertThat(seen).as("the correlation id sent with the secrets is in the logs scanned")
                .anyMatch(leak -> leak.secret().equals("correlation id"));
        assertThat(leaks).as("planted secrets in log files").isEmpty();
    }

    @Test
    void noRecordOnAnyTopicCarriesAPlantedSecret() {
        List<Leak> leaks = new ArrayList<>();
        List<Leak> seen = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String topic : TopicReader.allTopics()) {
            List<TextRecord> records = TopicReader.readAll(platform.kafkaBootstrap(), topic);
            counts.put(topic, records.size());
            for (TextRecord record : records) {
                leaks.addAll(planted.scan(topic + "-" + record.partition() + "@" + record.offset(), record.allText()));
                seen.addAll(canaries.scan(topic, record.allText()));
            }
        }
        System.out.println("records scanned per topic: " + counts);
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).as("records on the platform's topics")
                .isPositive();
        assertThat(counts.get(com.partnerplatform.events.Topics.YCMT_WEBHOOK_QUARANTINE))
                .as("the forged webhook deliveries were quarantined (so their records were scanned)").isPositive();
        assertThat(seen).as("the webhook delivery sent with a planted secret is among the records scanned")
                .anyMatch(leak -> leak.secret().equals("webhook delivery id") && leak.where().equals("ycmt.webhook.events"));
        assertThat(leaks).as("planted secrets in Kafka records").isEmpty();
    }

    @Test
    void noExportedSpanCarriesAPlantedSecret() {
        List<Leak> leaks = new ArrayList<>();
        List<ReceivedSpan> spans = platform.otlp().spans();
        List<Leak> seen = new ArrayList<>();
        for (ReceivedSpan span : spans) {
            leaks.addAll(planted.scan("span " + span.service() + " '" + span.name() + "'", span.name() + " " + span.attributes()));
            seen.addAll(canaries.scan("span", span.attributes().toString()));
        }
        System.out.println("spans scanned: " + spans.size());
        assertThat(spans).as("spans exported by the services").isNotEmpty();
        assertThat(seen).as("the span of the request that carried a valid bearer token was scanned")
                .anyMatch(leak -> leak.secret().equals("correlation id"));
        assertThat(leaks).as("planted secrets in span names and attributes").isEmpty();
    }

    private static void quoteService() {
        String url = platform.url(PlatformProcesses.QUOTE);
        String valid = platform.tokens().tokenFor(SystemPlatform.SUBSCRIPTION);
        planted.plant("valid customer JWT", valid, signaturePart(valid));
        Map<String, String> withCorrelation = new LinkedHashMap<>(quoteHeaders(valid));
        withCorrelation.put("X-Correlation-Id", canaries.plant("correlation id", "canary-" + PlantedSecrets.marker(24)));
        record("quote, valid bearer", Http.post(url + "/v1/quotes", withCorrelation,
                SystemPlatform.quoteBody(SystemPlatform.SUBSCRIPTION, "120.00")), 201);

        String subject = planted.plant("forged JWT subject", "customer-" + PlantedSecrets.marker(24));
        String forgedSignature = PlantedSecrets.marker(342);
        String forged = planted.plant("forged JWT", forgedJwt(subject, forgedSignature), forgedSignature);
        record("quote, forged bearer", Http.post(url + "/v1/quotes", quoteHeaders(forged),
                SystemPlatform.quoteBody(SystemPlatform.SUBSCRIPTION, "120.00")), 401);

        String opaque = planted.plant("opaque bearer token", "tok_" + PlantedSecrets.marker(40));
        record("quote, opaque bearer", Http.post(url + "/v1/quotes", quoteHeaders(opaque),
                SystemPlatform.quoteBody(SystemPlatform.SUBSCRIPTION, "120.00")), 401);

        String pem = pemPrivateKey("PEM key in a quote body");
        record("quote, PEM in a field", Http.post(url + "/v1/quotes", quoteHeaders(valid),
                "{\"subscriptionId\":\"" + SystemPlatform.SUBSCRIPTION + "\",\"corridor\":\"" + pem.replace("\n", "\\n")
                        + "\",\"sendCurrency\":\"EUR\",\"receiveCurrency\":\"MAD\",\"sendAmount\":\"10.00\"}"), 400);
        String pem2 = pemPrivateKey("PEM key in a malformed quote body");
        record("quote, PEM in malformed JSON", Http.post(url + "/v1/quotes", quoteHeaders(valid), "{\"sendAmount\": " + pem2), 400);

        String wrongAdmin = planted.plant("wrong quote admin token", PlantedSecrets.marker(48));
        record("quote admin, wrong token", Http.get(url + "/admin/fx-rates", Map.of("Authorization", "Bearer " + wrongAdmin)), 401);
        record("quote admin, right token", Http.get(url + "/admin/fx-rates",
                Map.of("Authorization", "Bearer " + platform.secret("QUOTE_ADMIN_TOKEN"))), 200);
    }

    private static void signerService() {
        String url = platform.url(PlatformProcesses.SIGNER);
        String wrong = planted.plant("wrong signer admin token", PlantedSecrets.marker(48));
        record("signer rotate, wrong token", Http.send(HttpRequest.newBuilder(URI.create(url + "/admin/keys/rotate"))
                .header("Authorization", "Bearer " + wrong).POST(HttpRequest.BodyPublishers.noBody())), 401);
        String wrongScheme = planted.plant("signer admin token as Basic", PlantedSecrets.marker(32));
        record("signer keys, Basic credentials", Http.get(url + "/admin/keys", Map.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + wrongScheme).getBytes(StandardCharsets.UTF_8)))), 401);
        planted.plant("signer admin Basic credentials", Base64.getEncoder()
                .encodeToString(("admin:" + wrongScheme).getBytes(StandardCharsets.UTF_8)));
        record("signer keys, right token", Http.get(url + "/admin/keys",
                Map.of("Authorization", "Bearer " + platform.secret("SIGNER_ADMIN_TOKEN"))), 200);
    }

    private static void webhookIngress() {
        String url = platform.url(PlatformProcesses.WEBHOOK);
        String secret = platform.secret("YCMT_WEBHOOK_SECRETS").split(",")[0];

        String id = canaries.plant("webhook delivery id", "msg_" + UUID.randomUUID().toString().replace("-", ""));
        String inBody = planted.plant("whsec_ secret in a webhook body", "whsec_" + Base64.getEncoder()
                .encodeToString(PlantedSecrets.marker(32).getBytes(StandardCharsets.US_ASCII)));
        String body = "{\"id\":\"" + id + "\",\"type\":\"transfer.status.changed\",\"transferId\":\"TRF-SECRET-1\","
                + "\"transferStatus\":\"CONFIRMED\",\"occurredAt\":\"" + Instant.now() + "\",\"signingSecret\":\"" + inBody
                + "\"}";
        long now = Instant.now().getEpochSecond();
        String signature = planted.plant("valid webhook-signature", Webhooks.signature(secret, id, now, body));
        Map<String, String> headers = new LinkedHashMap<>(Webhooks.headers(id, now, signature));
        String bearer = planted.plant("bearer token sent to the webhook", "eyJ" + PlantedSecrets.marker(30) + ".eyJ"
                + PlantedSecrets.marker(30) + "." + PlantedSecrets.marker(40));
        headers.put("Authorization", "Bearer " + bearer);
        record("webhook, signed, whsec_ in body", Webhooks.deliver(url, headers, body), 200);

        String forgedId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        String forgedSig = planted.plant("forged webhook-signature", "v1," + Base64.getEncoder()
                .encodeToString(PlantedSecrets.marker(32).getBytes(StandardCharsets.US_ASCII)));
        String forgedBody = body.replace(id, forgedId);
        record("webhook, forged signature", Webhooks.deliver(url, Webhooks.headers(forgedId, now, forgedSig), forgedBody), 401);

        String pem = pemPrivateKey("PEM key in a webhook body");
        String badId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        String badBody = "{\"id\":\"" + badId + "\",\"type\":\"transfer.status.changed\",\"key\":" + pem;
        record("webhook, signed, PEM in malformed JSON",
                Webhooks.deliver(url, Webhooks.headers(badId, now, Webhooks.signature(secret, badId, now, badBody)), badBody), 400);
        String pem2 = pemPrivateKey("PEM key in an unsigned webhook body");
        record("webhook, unsigned, PEM in body", Webhooks.deliver(url, Map.of("Content-Type", "application/json",
                "webhook-id", "msg_x" + PlantedSecrets.marker(8), "webhook-timestamp", String.valueOf(now)),
                "{\"privateKey\":\"" + pem2.replace("\n", "\\n") + "\"}"), 400);
    }

    private static void yggGateway() {
        String url = platform.url(PlatformProcesses.YGG);
        String body = "{\"address\":\"0x123456\",\"points\":1000}";
        YggClient ygg = YggClient.create(platform.secret("YGG_API_KEYS").split(",")[0],
                platform.secret("YGG_SHARED_SECRETS").split(",")[0]);
        YggClient.SignedRequest valid = ygg.sign("POST", YGG_PATH, body);
        planted.plant("valid X-API-SIGNATURE", valid.headers().get(YggClient.SIGNATURE_HEADER));
        HttpResponse<String> ok = yggSend(url, valid.headers(), valid.body());
        record("ygg, validly signed", ok, 200);
        ok.headers().firstValue(YggClient.SIGNATURE_HEADER)
                .ifPresent(signature -> planted.plant("gateway response X-API-SIGNATURE", signature));

        String foreignKey = planted.plant("foreign X-API-KEY", PlantedSecrets.marker(48));
        String foreignSecret = planted.plant("foreign shared secret", PlantedSecrets.marker(64));
        YggClient.SignedRequest foreign = YggClient.create(foreignKey, foreignSecret).sign("POST", YGG_PATH, body);
        planted.plant("X-API-SIGNATURE under a foreign key", foreign.headers().get(YggClient.SIGNATURE_HEADER));
        record("ygg, unknown api key", yggSend(url, foreign.headers(), foreign.body()), 401);

        YggClient.SignedRequest tampered = ygg.sign("POST", YGG_PATH, body);
        Map<String, String> headers = new LinkedHashMap<>(tampered.headers());
        String wrongSignature = planted.plant("wrong X-API-SIGNATURE", PlantedSecrets.marker(64));
        headers.put(YggClient.SIGNATURE_HEADER, wrongSignature);
        headers.put("Authorization", "Bearer " + planted.plant("bearer token sent to the gateway", PlantedSecrets.marker(40)));
        record("ygg, wrong signature", yggSend(url, headers, tampered.body()), 401);
    }

    private static HttpResponse<String> yggSend(String url, Map<String, String> headers, String body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return Http.post(url + YGG_PATH, all, body);
    }

    private static Map<String, String> quoteHeaders(String token) {
        return Map.of("Authorization", "Bearer " + token, "Idempotency-Key", UUID.randomUUID().toString(),
                "Content-Type", "application/json");
    }

    /** A JWT that looks real (RS256 header, customer claims) but is signed by nobody. */
    private static String forgedJwt(String subject, String signature) {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"dev-issuer-" + UUID.randomUUID() + "\"}");
        String claims = b64("{\"iss\":\"urn:partner-platform:dev-issuer\",\"aud\":\"quote-service\",\"sub\":\"" + subject
                + "\",\"subscription_id\":\"" + SystemPlatform.SUBSCRIPTION + "\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}");
        return header + "." + claims + "." + signature;
    }

    /** A PEM private key block whose base64 lines are unique to this run. */
    /** A PKCS#8 PEM of an RSA key generated for this run; every full base64 line of it is planted. */
    private static String pemPrivateKey(String label) {
        String body;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String type = "PRIVATE KEY";
        String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----";
        planted.plant(label, pem, body.lines().filter(line -> line.length() == 64).toArray(String[]::new));
        return pem;
    }

    private static String signaturePart(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps what each call answered for the report; a different status is noted, not failed: the scan is the test. */
    private static void record(String call, HttpResponse<String> response, int expected) {
        int status = response == null ? -1 : response.statusCode();
        answers.add(String.format("%-40s -> %d%s", call, status, status == expected ? "" : " (expected " + expected + ")"));
    }
}
