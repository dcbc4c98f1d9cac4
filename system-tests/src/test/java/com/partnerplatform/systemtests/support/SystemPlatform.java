package com.partnerplatform.systemtests.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.partnerplatform.launcher.DemoUpstream;
import com.partnerplatform.launcher.DevSecrets;
import com.partnerplatform.launcher.DevTokenIssuer;
import com.partnerplatform.launcher.PlatformProcesses;
import com.partnerplatform.launcher.ServiceProcess;

/**
 * A whole platform for one test class (or the shared one): the launcher's processes, plus what
 * the demo gives them on a developer's machine - per-run secrets, the dev token issuer and the
 * redeem upstream - and, when asked, an OTLP receiver every service exports its traces to.
 */
public final class SystemPlatform implements AutoCloseable {

    public static final String SUBSCRIPTION = "SUB-01HX9F2J7K3M5N7P9Q1R3T5V7W";

    private final Path directory;
    private final Map<String, String> secrets;
    private final DevTokenIssuer tokens;
    private final DemoUpstream upstream;
    private final OtlpReceiver otlp;
    private final PlatformProcesses processes;

    private SystemPlatform(Path directory, Map<String, String> secrets, DevTokenIssuer tokens, DemoUpstream upstream,
            OtlpReceiver otlp, PlatformProcesses processes) {
        this.directory = directory;
        this.secrets = secrets;
        this.tokens = tokens;
        this.upstream = upstream;
        this.otlp = otlp;
        this.processes = processes;
    }

    /**
     * Starts Kafka, PostgreSQL and {@code services} on free ports in a fresh run directory.
     *
     * @param traced whether every service exports its spans (OTLP/HTTP protobuf) to an in-test receiver
     * @param customizer further builder settings (per-service system properties, ...)
     */
    public static SystemPlatform start(String name, boolean traced, Consumer<PlatformProcesses.Builder> customizer,
            String... services) {
        Path directory = Repo.runDirectory(name);
        Map<String, String> secrets = DevSecrets.generate();
        DevTokenIssuer tokens = new DevTokenIssuer(directory.resolve("dev-issuer-jwks.json"));
        DemoUpstream upstream = new DemoUpstream(0);
        OtlpReceiver otlp = traced ? new OtlpReceiver() : null;
        Map<String, String> env = new LinkedHashMap<>(secrets);
        env.put("QUOTE_DEV_JWKS_FILE", tokens.jwksFile().toString());
        env.put("YGG_UPSTREAM_URL", upstream.url());
        if (traced) {
            env.put("OTEL_SDK_DISABLED", "false");
        }
        PlatformProcesses.Builder builder = PlatformProcesses.builder(Repo.root(), directory)
                .services(services)
                .environment(env)
                .readyTimeout(Duration.ofSeconds(150))
                .configure(PlatformProcesses.SIGNER, SystemPlatform::fastStart)
                .configure(PlatformProcesses.QUOTE, SystemPlatform::fastStart)
                .configure(PlatformProcesses.WEBHOOK, SystemPlatform::fastStart)
                .configure(PlatformProcesses.YGG, SystemPlatform::fastStart)
                .progress(line -> System.out.println("[" + name + "] " + line));
        if (traced) {
            for (String service : services) {
                builder.configure(service, s -> traced(s, otlp.endpoint()));
            }
        }
        for (String service : services) {
            builder.serviceJar(service, snapshot(service, directory));
        }
        customizer.accept(builder);
        long started = System.nanoTime();
        try {
            PlatformProcesses processes = builder.start();
            System.out.printf("[%s] up in %.1f s: %s (run directory %s)%n", name, (System.nanoTime() - started) / 1e9,
                    processes.services().stream().map(s -> s.name() + "@" + s.port()).toList(), directory);
            return new SystemPlatform(directory, secrets, tokens, upstream, otlp, processes);
        } catch (RuntimeException e) {
            upstream.close();
            if (otlp != null) {
                otlp.close();
            }
            throw e;
        }
    }

    /**
     * A hard-linked copy of the module's packaged application in the run directory: the test runs
     * what was built when it started, even if the module is rebuilt meanwhile (a rebuild replaces
     * the files; the links keep the old ones). Costs no disk space and no time to speak of.
     */
    public static Path snapshot(String module, Path directory) {
        Path source = PlatformProcesses.serviceJar(Repo.root(), module).getParent();
        Path target = directory.resolve("apps").resolve(module);
        if (!java.nio.file.Files.exists(source.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(module + " is not packaged: " + source + " has no quarkus-run.jar (mvn install it first)");
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (java.nio.file.Files.isDirectory(file)) {
                    java.nio.file.Files.createDirectories(copy);
                } else {
                    try {
                        java.nio.file.Files.createLink(copy, file);
                    } catch (UnsupportedOperationException | java.io.IOException e) {
                        java.nio.file.Files.copy(file, copy);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not snapshot " + source, e);
        }
        return target.resolve("quarkus-run.jar");
    }

    /** Two cores start four Quarkus JVMs at once: C1 only roughly halves the CPU a start costs. */
    static void fastStart(ServiceProcess service) {
        service.jvmOption("-XX:TieredStopAtLevel=1");
    }

    /**
     * Readiness says the services run, not that the signer's consumer and quote-service's reply
     * consumer hold their partitions yet: request quotes until one comes back signed.
     */
    public void awaitQuotesSigned() {
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(120).toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            java.net.http.HttpResponse<String> response = requestQuote("10.00", "warm-up-" + attempts);
            if (response.statusCode() == 201) {
                System.out.printf("[%s] quotes are signed after %d attempt(s), %.1f s%n", directory.getFileName(), attempts,
                        (System.nanoTime() - started) / 1e9);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no quote was signed within 120 s; last answer " + response.statusCode()
                        + " " + response.body());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** OTel on, exporting every span at once-ish to {@code endpoint} over OTLP/HTTP protobuf. */
    static void traced(ServiceProcess service, String endpoint) {
        service.systemProperty("quarkus.otel.sdk.disabled", "false")
                .systemProperty("quarkus.otel.exporter.otlp.traces.endpoint", endpoint)
                .systemProperty("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf")
                .systemProperty("quarkus.otel.bsp.schedule.delay", "100ms");
    }

    public PlatformProcesses processes() {
        return processes;
    }

    public ServiceProcess service(String module) {
        return processes.service(module);
    }

    public String url(String module) {
        return processes.service(module).url();
    }

    public String kafkaBootstrap() {
        return processes.kafka().bootstrapServers();
    }

    public Map<String, String> secrets() {
        return secrets;
    }

    public String secret(String name) {
        return secrets.get(name);
    }

    public DevTokenIssuer tokens() {
        return tokens;
    }

    public DemoUpstream upstream() {
        return upstream;
    }

    public OtlpReceiver otlp() {
        if (otlp == null) {
            throw new IllegalStateException("this platform was started without tracing");
        }
        return otlp;
    }

    public Path directory() {
        return directory;
    }

    /** POST /v1/quotes as the partner app does it (a fresh Idempotency-Key unless one is given). */
    public java.net.http.HttpResponse<String> requestQuote(String sendAmount, String correlationId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + tokens.tokenFor(SUBSCRIPTION));
        headers.put("Idempotency-Key", UUID.randomUUID().toString());
        headers.put("Content-Type", "application/json");
        if (correlationId != null) {
            headers.put("X-Correlation-Id", correlationId);
        }
        return Http.post(url(PlatformProcesses.QUOTE) + "/v1/quotes", headers, quoteBody(SUBSCRIPTION, sendAmount));
    }

    public static String quoteBody(String subscription, String sendAmount) {
        return "{\"subscriptionId\":\"" + subscription + "\",\"corridor\":\"ES-MA\",\"sendCurrency\":\"EUR\","
                + "\"receiveCurrency\":\"MAD\",\"sendAmount\":\"" + sendAmount + "\"}";
    }

    @Override
    public void close() {
        try {
            processes.close();
        } finally {
            upstream.close();
            if (otlp != null) {
                otlp.close();
            }
        }
    }
}
