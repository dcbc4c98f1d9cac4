package com.partnerplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.partnerplatform.launcher.PlatformProcesses;
import com.partnerplatform.launcher.ServiceProcess;
import com.partnerplatform.systemtests.support.PlantedSecrets;
import com.partnerplatform.systemtests.support.SelfSignedTls;
import com.partnerplatform.systemtests.support.SharedPlatform;
import com.partnerplatform.systemtests.support.SystemPlatform;
import com.partnerplatform.testsupport.Ports;

/**
 * The prod profile refuses to start on unsafe settings: each service jar is started with
 * {@code -Dquarkus.profile=prod} and one unsafe setting (everything else valid: real Kafka and
 * PostgreSQL, a self-signed TLS certificate, long random secrets) and must exit non-zero within
 * a minute and a half, with output that names the setting and never shows the secret.
 */
@ExtendWith(SharedPlatform.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ProdProfileSafetySystemTest {

    private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(90);

    /**
     * One unsafe start: {@code names} are the setting names of which the output must mention at
     * least one; {@code secret} (may be null) must not appear.
     */
    record UnsafeStart(String description, String module, Map<String, String> env, List<String> names, String secret) {
        @Override
        public String toString() {
            return module + ": " + description;
        }
    }

    /** What happened: the exit code, or empty when the service started (or still ran at the timeout). */
    record Outcome(OptionalInt exit, boolean started, String output) {
    }

    private static final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private static final List<UnsafeStart> cases = new ArrayList<>();
    private static final List<UnsafeStart> controls = new ArrayList<>();
    private static Path directory;

    @BeforeAll
    static void startEveryServiceWithOneUnsafeSetting(SystemPlatform platform) throws Exception {
        directory = platform.directory().resolve("prod-safety");
        SelfSignedTls tls = SelfSignedTls.create(directory.resolve("tls"));
        Map<String, String> infrastructure = new LinkedHashMap<>();
        platform.processes().serviceEnvironment().forEach((name, value) -> {
            if (name.startsWith("KAFKA_") || name.startsWith("PG_")) {
                infrastructure.put(name, value);
            }
        });
        String goodWebhookSecret = "whsec_" + Base64.getEncoder().encodeToString(PlantedSecrets.marker(32).getBytes());
        String goodYggKey = PlantedSecrets.marker(40);
        String goodYggSecret = PlantedSecrets.marker(48);

        String shortWebhookSecret = "whsec_" + Base64.getEncoder().encodeToString(PlantedSecrets.marker(8).getBytes());
        String shortYggSecret = "dev-" + PlantedSecrets.marker(8);
        String shortYggKey = "key" + PlantedSecrets.marker(5);

        cases.add(new UnsafeStart("SIGNER_CUSTODY=dev (in-memory keys)", PlatformProcesses.SIGNER,
                with(infrastructure, "SIGNER_CUSTODY", "dev", "SIGNER_ADMIN_TOKEN", PlantedSecrets.marker(48),
                        "SIGNER_PARTNER_ID", "PRT-YESCASH-EU-DEMO-PARTNER"),
                List.of("signer.custody", "SIGNER_CUSTODY"), null));
        cases.add(new UnsafeStart("a webhook secret of 8 bytes", PlatformProcesses.WEBHOOK,
                with(infrastructure, "YCMT_WEBHOOK_SECRETS", shortWebhookSecret,
                        "WEBHOOK_TLS_CERT_FILE", tls.certificate().toString(), "WEBHOOK_TLS_KEY_FILE", tls.privateKey().toString()),
                List.of("webhook.verification.secrets", "YCMT_WEBHOOK_SECRETS"), shortWebhookSecret));
        cases.add(new UnsafeStart("no webhook secret nor public key", PlatformProcesses.WEBHOOK,
                with(infrastructure, "YCMT_WEBHOOK_SECRETS", "",
                        "WEBHOOK_TLS_CERT_FILE", tls.certificate().toString(), "WEBHOOK_TLS_KEY_FILE", tls.privateKey().toString()),
                List.of("webhook.verification.secrets", "YCMT_WEBHOOK_SECRETS"), null));
        cases.add(new UnsafeStart("plain HTTP only (no TLS certificate)", PlatformProcesses.WEBHOOK,
                with(infrastructure, "YCMT_WEBHOOK_SECRETS", goodWebhookSecret,
                        "WEBHOOK_TLS_CERT_FILE", directory.resolve("missing.crt").toString(),
                        "WEBHOOK_TLS_KEY_FILE", directory.resolve("missing.key").toString()),
                List.of("WEBHOOK_TLS_CERT_FILE", "quarkus.http.ssl.certificate", "missing.crt"), goodWebhookSecret));
        Map<String, String> yggTls = with(infrastructure,
                "YGG_TLS_CERT_FILE", tls.certificate().toString(), "YGG_TLS_KEY_FILE", tls.privateKey().toString());
        cases.add(new UnsafeStart("a YGG shared secret of 12 characters", PlatformProcesses.YGG,
                with(yggTls, "YGG_API_KEYS", goodYggKey, "YGG_SHARED_SECRETS", shortYggSecret,
                        "YGG_UPSTREAM_URL", "https://redeem.partner.example"),
                List.of("ygg.shared-secrets", "YGG_SHARED_SECRETS"), shortYggSecret));
        cases.add(new UnsafeStart("a YGG API key of 8 characters", PlatformProcesses.YGG,
                with(yggTls, "YGG_API_KEYS", shortYggKey, "YGG_SHARED_SECRETS", goodYggSecret,
                        "YGG_UPSTREAM_URL", "https://redeem.partner.example"),
                List.of("ygg.api-keys", "YGG_API_KEYS"), shortYggKey));
        cases.add(new UnsafeStart("plain HTTP only (no TLS configured)", PlatformProcesses.YGG,
                with(infrastructure, "YGG_API_KEYS", goodYggKey, "YGG_SHARED_SECRETS", goodYggSecret,
                        "YGG_UPSTREAM_URL", "https://redeem.partner.example"),
                List.of("YGG_TLS_CERT_FILE", "quarkus.tls.key-store.pem.0.cert"), goodYggSecret));
        cases.add(new UnsafeStart("a TLS certificate file that does not exist", PlatformProcesses.YGG,
                with(infrastructure, "YGG_API_KEYS", goodYggKey, "YGG_SHARED_SECRETS", goodYggSecret,
                        "YGG_UPSTREAM_URL", "https://redeem.partner.example",
                        "YGG_TLS_CERT_FILE", directory.resolve("missing-ygg.crt").toString(),
                        "YGG_TLS_KEY_FILE", directory.resolve("missing-ygg.key").toString()),
                List.of("missing-ygg.crt"), goodYggSecret));
        cases.add(new UnsafeStart("a sandbox upstream base URL", PlatformProcesses.YGG,
                with(yggTls, "YGG_API_KEYS", goodYggKey, "YGG_SHARED_SECRETS", goodYggSecret,
                        "YGG_UPSTREAM_URL", "https://redeem.sandbox.partner.example"),
                List.of("ygg.upstream.url (environment variable YGG_UPSTREAM_URL) points to the sandbox host"), goodYggSecret));
        cases.add(new UnsafeStart("plain HTTP only (no TLS certificate)", PlatformProcesses.QUOTE,
                with(infrastructure, "QUOTE_JWT_ISSUER", "https://issuer.partner.example",
                        "QUOTE_JWT_JWKS_URL", "file:" + platform.tokens().jwksFile(),
                        "QUOTE_ADMIN_TOKEN", PlantedSecrets.marker(48), "QUOTE_PARTNER_ID", "PRT-YESCASH-EU-DEMO-PARTNER"),
                List.of("QUOTE_TLS_CERT_FILE", "quarkus.tls.key-store.pem.0.cert"), null));
        String quoteAdminToken = PlantedSecrets.marker(48);
        cases.add(new UnsafeStart("a sandbox customer-token issuer (YCMT sandbox base URL)", PlatformProcesses.QUOTE,
                with(infrastructure, "QUOTE_JWT_ISSUER", "https://sandbox-auth.ycmt.example/partner",
                        "QUOTE_JWT_JWKS_URL", "file:" + platform.tokens().jwksFile(),
                        "QUOTE_ADMIN_TOKEN", quoteAdminToken, "QUOTE_PARTNER_ID", "PRT-YESCASH-EU-DEMO-PARTNER",
                        "QUOTE_TLS_CERT_FILE", tls.certificate().toString(), "QUOTE_TLS_KEY_FILE", tls.privateKey().toString()),
                List.of("mp.jwt.verify.issuer (${QUOTE_JWT_ISSUER}) points to the sandbox host sandbox-auth.ycmt.example"),
                quoteAdminToken));

        // controls: the same starts with every setting safe do start, so each refusal above is the setting's
        controls.add(new UnsafeStart("every setting safe (control)", PlatformProcesses.YGG,
                with(yggTls, "YGG_API_KEYS", goodYggKey, "YGG_SHARED_SECRETS", goodYggSecret,
                        "YGG_UPSTREAM_URL", "https://redeem.partner.example"), List.of(), goodYggSecret));
        controls.add(new UnsafeStart("every setting safe (control)", PlatformProcesses.QUOTE,
                with(infrastructure, "QUOTE_JWT_ISSUER", "https://issuer.partner.example",
                        "QUOTE_JWT_JWKS_URL", "file:" + platform.tokens().jwksFile(),
                        "QUOTE_ADMIN_TOKEN", quoteAdminToken, "QUOTE_PARTNER_ID", "PRT-YESCASH-EU-DEMO-PARTNER",
                        "QUOTE_TLS_CERT_FILE", tls.certificate().toString(), "QUOTE_TLS_KEY_FILE", tls.privateKey().toString()),
                List.of(), quoteAdminToken));

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (UnsafeStart start : Stream.concat(cases.stream(), controls.stream()).toList()) {
                pool.submit(() -> outcomes.put(start.toString(), run(start)));
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(9, TimeUnit.MINUTES);
        }
    }

    static Stream<UnsafeStart> unsafeStarts() {
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeStarts")
    void theProdProfileRefusesToStart(UnsafeStart unsafe) {
        Outcome outcome = outcomes.get(unsafe.toString());
        assertThat(outcome).as("outcome of " + unsafe).isNotNull();
        assertThat(outcome.started()).as(unsafe.module() + " STARTED in prod with " + unsafe.description()
                + "; it must refuse. Output:\n" + tail(outcome.output())).isFalse();
        assertThat(outcome.exit()).as(unsafe.module() + " still ran after " + REFUSAL_TIMEOUT + " with " + unsafe.description()
                + ". Output:\n" + tail(outcome.output())).isPresent();
        assertThat(outcome.exit().getAsInt()).as("exit code").isNotZero();
        assertThat(unsafe.names()).as("the refusal names the setting; output:\n" + tail(outcome.output()))
                .anyMatch(name -> outcome.output().contains(name));
        if (unsafe.secret() != null && !unsafe.secret().isEmpty()) {
            assertThat(outcome.output()).as("the refusal does not show the secret").doesNotContain(unsafe.secret());
        }
    }

    static Stream<UnsafeStart> safeStarts() {
        return controls.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("safeStarts")
    void theProdProfileStartsWhenEverySettingIsSafe(UnsafeStart safe) {
        Outcome outcome = outcomes.get(safe.toString());
        assertThat(outcome).as("outcome of " + safe).isNotNull();
        assertThat(outcome.started()).as(safe.module() + " did not start in prod with safe settings. Output:\n"
                + tail(outcome.output())).isTrue();
        assertThat(outcome.output()).as("the secret stays out of the log").doesNotContain(safe.secret());
    }

    @AfterAll
    static void report() {
        Stream.concat(cases.stream(), controls.stream()).forEach(unsafe -> {
            Outcome o = outcomes.get(unsafe.toString());
            System.out.printf("  prod %-60s -> %s%n", unsafe, o == null ? "?" : o.started() ? (controls.contains(unsafe) ? "started" : "STARTED (not refused)")
                    : o.exit().isPresent() ? "exit " + o.exit().getAsInt() : "still running");
        });
    }

    private static Outcome run(UnsafeStart unsafe) {
        Path log = directory.resolve(unsafe.module() + "-" + unsafe.description().replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        ServiceProcess service = new ServiceProcess(unsafe.module(), Ports.freePort(),
                PlatformProcesses.serviceJar(com.partnerplatform.systemtests.support.Repo.root(), unsafe.module()), log)
                .profile("prod").env(unsafe.env()).heap("192m").jvmOption("-XX:TieredStopAtLevel=1")
                .systemProperty("quarkus.http.ssl-port", String.valueOf(Ports.freePort()))
                .systemProperty("quarkus.management.port", String.valueOf(Ports.freePort()));
        service.start();
        long deadline = System.nanoTime() + REFUSAL_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                OptionalInt exit = service.awaitExit(Duration.ofMillis(500));
                if (exit.isPresent()) {
                    return new Outcome(exit, false, read(log));
                }
                if (read(log).contains(" started in ")) {
                    return new Outcome(OptionalInt.empty(), true, read(log));
                }
            }
            return new Outcome(OptionalInt.empty(), false, read(log));
        } finally {
            service.kill();
        }
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> env = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String output) {
        List<String> lines = output.lines().filter(line -> !line.startsWith("\tat ")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    }
}
