package com.partnerplatform.quote.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.events.signing.SigningRequest;
import com.partnerplatform.testsupport.DatabaseSettings;
import com.partnerplatform.testsupport.KafkaProcess;
import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.testsupport.Ports;
import com.partnerplatform.ycmt.signatures.QuoteClaims;

/**
 * Load harness (not a test): a Kafka broker and PostgreSQL of their own, the packaged signer and
 * quote-service jars started as the local platform starts them (-Dquarkus.profile=dev, -Xmx256m,
 * SerialGC), and this JVM as the load. In one run it measures:
 * <ol>
 * <li>the signer's own sustained rate: signing requests put straight on Kafka, many in flight;</li>
 * <li>the quote service's peak: POST /v1/quotes end to end from many concurrent clients;</li>
 * <li>latency at half that peak, open loop (latency counted from the scheduled send time);</li>
 * <li>the quote service's resident memory, sampled throughout (peak) and its VmHWM.</li>
 * </ol>
 * Run with quote-service/bench/run.sh; results in quote-service/target/bench/results.txt.
 */
public final class QuoteLoadHarness {

    private static final String ADMIN_TOKEN = "bench-operator-token-0123456789abcdefghij";
    private static final String ISSUER = "urn:partner-platform:dev-issuer";
    private static final int SUBSCRIPTIONS = 128;

    private final Duration phase;
    private final int concurrency;
    private final Path work;
    private final List<String> report = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4)).build();
    private final List<String> subscriptions = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();
    private String quoteUrl;
    private long quotePid;
    private final AtomicLong peakRssKib = new AtomicLong();
    private final AtomicLong signerSignatures = new AtomicLong();

    private QuoteLoadHarness(Duration phase, int concurrency, Path work) {
        this.phase = phase;
        this.concurrency = concurrency;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
        int concurrency = Integer.getInteger("bench.concurrency", 48);
        Path work = Path.of(System.getProperty("bench.dir", "target/bench"));
        Files.createDirectories(work);
        try {
            new QuoteLoadHarness(phase, concurrency, work).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        Path quoteJar = Path.of(System.getProperty("bench.quote.jar", "target/quarkus-app/quarkus-run.jar"));
        Path signerJar = Path.of(System.getProperty("bench.signer.jar", "../signer-service/target/quarkus-app/quarkus-run.jar"));
        try (KafkaProcess kafka = new KafkaProcess(Files.createTempDirectory("bench-kafka-"), 0,
                System.getProperty("java.class.path"), "512m");
                PostgresServer postgres = PostgresServer.dedicated(Files.createTempDirectory("bench-pg-"))) {
            kafka.start(Duration.ofSeconds(120));
            DatabaseSettings db = postgres.settings();
            Path jwks = issuerKeys();

            int signerPort = Ports.freePort();
            Process signer = start("signer-service", signerJar, signerPort, Map.of(
                    "KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "SIGNER_ADMIN_TOKEN", ADMIN_TOKEN));
            int quotePort = Ports.freePort();
            Process quote = start("quote-service", quoteJar, quotePort, Map.of(
                    "KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                    "PG_JDBC_URL", db.jdbcUrl(), "PG_REACTIVE_URL", db.reactiveUrl(),
                    "PG_USER", db.user(), "PG_PASSWORD", db.password(),
                    "QUOTE_ADMIN_TOKEN", ADMIN_TOKEN, "QUOTE_DEV_JWKS_FILE", jwks.toAbsolutePath().toString()));
            quotePid = quote.pid();
            quoteUrl = "http://127.0.0.1:" + quotePort;
            try {
                awaitReady("http://127.0.0.1:" + signerPort, signer);
                awaitReady(quoteUrl, quote);
                ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleAtFixedRate(() -> peakRssKib.accumulateAndGet(rssKib("VmRSS"), Math::max), 0, 100,
                        TimeUnit.MILLISECONDS);
                postRates();
                awaitFirstQuote();

                String loadAtStart = loadAverage();
                String quoteFlags = String.join(" ", jvmFlags("quote-service"));
                line("machine: %d cores, phases of %d s, %d concurrent clients, load average at start %s; quote-service"
                        + " JVM flags: %s", Runtime.getRuntime().availableProcessors(), phase.toSeconds(), concurrency,
                        loadAtStart, quoteFlags);
                // warm-up: until the JIT has compiled the hot paths (compiler threads dominate the first seconds)
                closedLoop(Duration.ofSeconds(Long.getLong("bench.warmup", 30)), null);
                long signerCpu = cpuMillis(signer.pid());
                long signatures = signerSignatures.get();
                double signerRate = signerSustainedRate(kafka.bootstrapServers());
                double signerCpuPerSignature = (double) (cpuMillis(signer.pid()) - signerCpu) / (signerSignatures.get() - signatures);
                line("signer sustained (requests straight on Kafka, 256 in flight): %.0f signatures/s; signer CPU %.2f ms"
                        + " per signature", signerRate, signerCpuPerSignature);
                Cpu cpu = new Cpu(quotePid, signer.pid(), postgres.pid());
                peakRssKib.set(0);
                Result peak = closedLoop(phase, "peak");
                Cpu.Used peakCpu = cpu.since(peak.count());
                long peakRss = peakRssKib.get();
                line("quote-service peak (POST /v1/quotes, closed loop): %.0f quotes/s = %.0f %% of the signer's rate;"
                        + " p50 %.1f ms, p99 %.1f ms, errors %d", peak.rate(), 100 * peak.rate() / signerRate,
                        peak.p(50), peak.p(99), peak.errors());
                line("CPU per quote: quote-service %.2f ms (of which JIT compiler threads %.2f ms), signer %.2f ms,"
                        + " PostgreSQL %.2f ms (load average: %s)", peakCpu.quotePerOp(), peakCpu.quoteJitPerOp(),
                        peakCpu.signerPerOp(), peakCpu.postgresPerOp(), loadAverage());
                List<Result> curve = new ArrayList<>();
                List<Cpu.Used> curveCpu = new ArrayList<>();
                for (int percent : new int[] {25, 50, 100}) {
                    cpu = new Cpu(quotePid, signer.pid(), postgres.pid());
                    Result r = openLoop(phase, peak.rate() * percent / 100);
                    curve.add(r);
                    curveCpu.add(cpu.since(r.count()));
                    line("open loop at %d %% of peak (%.0f quotes/s offered): %.0f quotes/s, p50 %.1f ms, p99 %.1f ms,"
                            + " max %.1f ms, errors %d, quote-service CPU %.0f %% of a core", percent,
                            peak.rate() * percent / 100, r.rate(), r.p(50), r.p(99), r.p(100), r.errors(),
                            curveCpu.get(curveCpu.size() - 1).quotePercentOfCore());
                }
                sampler.shutdownNow();
                if (quoteFlags.contains("NativeMemoryTracking")) {
                    Process jcmd = new ProcessBuilder("jcmd", String.valueOf(quotePid), "VM.native_memory", "summary")
                            .redirectErrorStream(true).start();
                    Files.write(work.resolve("quote-service-nmt.txt"), jcmd.getInputStream().readAllBytes());
                }
                line("quote-service RSS: peak phase %d MiB, VmHWM (whole run) %d MiB, now %d MiB", peakRss / 1024,
                        rssKib("VmHWM") / 1024, rssKib("VmRSS") / 1024);
                if (!quote.isAlive() || !signer.isAlive()) {
                    throw new IllegalStateException("a service died during the run; see " + work);
                }
                for (Result r : List.of(peak, curve.get(0), curve.get(1), curve.get(2))) {
                    if (r.count() == 0) {
                        throw new IllegalStateException("a phase produced no signed quote; see " + work);
                    }
                }
                markdown(loadAtStart, quoteFlags, signerRate, signerCpuPerSignature, peak, peakCpu, curve, curveCpu, peakRss);
            } finally {
                stop(quote);
                stop(signer);
            }
        }
        Files.write(work.resolve("results.txt"), report);
    }

    /** Closed loop: {@code concurrency} clients, each sending its next request when the previous is answered. */
    private Result closedLoop(Duration duration, String label) throws InterruptedException {
        Recorder recorder = new Recorder();
        long end = System.nanoTime() + duration.toNanos();
        Semaphore slots = new Semaphore(concurrency);
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            slots.acquire();
            long sent = System.nanoTime();
            send().whenComplete((status, failure) -> {
                recorder.record(sent, status == null ? -1 : status);
                slots.release();
            });
        }
        slots.acquire(concurrency);
        return recorder.result(System.nanoTime() - start);
    }

    /** Open loop at {@code rate}/s: latency from each request's scheduled time, so queueing is counted. */
    private Result openLoop(Duration duration, double rate) throws InterruptedException {
        Recorder recorder = new Recorder();
        long interval = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long count = duration.toNanos() / interval;
        CountDownLatch done = new CountDownLatch((int) count);
        for (long i = 0; i < count; i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            send().whenComplete((status, failure) -> {
                recorder.record(scheduled, status == null ? -1 : status);
                done.countDown();
            });
        }
        done.await(60, TimeUnit.SECONDS);
        return recorder.result(System.nanoTime() - start);
    }

    private java.util.concurrent.CompletableFuture<Integer> send() {
        int i = (int) (Math.random() * SUBSCRIPTIONS);
        String subscription = subscriptions.get(i);
        String amount = (100 + (int) (Math.random() * 900)) + "." + String.format("%02d", (int) (Math.random() * 100));
        String body = "{\"subscriptionId\":\"" + subscription + "\",\"corridor\":\"ES-MA\",\"sendCurrency\":\"EUR\","
                + "\"receiveCurrency\":\"MAD\",\"sendAmount\":\"" + amount + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(quoteUrl + "/v1/quotes"))
                .header("Authorization", "Bearer " + tokens.get(i)).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode)
                .exceptionally(e -> -1);
    }

    /** Signing requests straight onto Kafka with KafkaRequestReply's headers; replies counted over one phase. */
    private double signerSustainedRate(String bootstrap) throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
        Semaphore window = new Semaphore(256);
        AtomicLong replies = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps);
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(Topics.QUOTE_SIGNING_REPLIES));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            Thread sender = new Thread(() -> {
                long seq = 900_000_000L;
                while (running.get()) {
                    try {
                        if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        String correlation = UUID.randomUUID().toString();
                        inFlight.put(correlation, true);
                        producer.send(request(seq++, correlation));
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "bench-signer-load");
            sender.start();
            long start = System.nanoTime();
            long measureFrom = start + Duration.ofSeconds(3).toNanos();
            long end = measureFrom + phase.toNanos();
            long counted = 0;
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    Header header = record.headers().lastHeader("REPLY_CORRELATION_ID");
                    if (header != null && inFlight.remove(new String(header.value(), StandardCharsets.UTF_8)) != null) {
                        window.release();
                        replies.incrementAndGet();
                        signerSignatures.incrementAndGet();
                        if (System.nanoTime() >= measureFrom) {
                            counted++;
                        }
                    }
                }
            }
            running.set(false);
            sender.join();
            return counted / (phase.toNanos() / 1e9);
        }
    }

    private ProducerRecord<String, String> request(long seq, String correlation) throws IOException {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String quoteId = String.format("QT-BENCH-2026-01-01-%010d", seq);
        QuoteClaims claims = new QuoteClaims(quoteId, UUID.randomUUID().toString(), "PRT-YESCASH-EU-DEMO-PARTNER", seq,
                "SUB-BENCH", new BigDecimal("100.00"), "EUR", new BigDecimal("1085.00"), "MAD", "MA", "MAD", "ES-MA",
                "OPEN_PAYMENT", new BigDecimal("10.8500"), new BigDecimal("1.50"), new BigDecimal("1.00"),
                new BigDecimal("102.50"), issued, issued.plus(Duration.ofMinutes(15)));
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.QUOTE_SIGNING_REQUESTS, quoteId,
                Json.MAPPER.writeValueAsString(new SigningRequest(quoteId, "bench", claims.toClaims(), Instant.now())));
        record.headers().add("REPLY_CORRELATION_ID", correlation.getBytes(StandardCharsets.UTF_8));
        record.headers().add("REPLY_TOPIC", Topics.QUOTE_SIGNING_REPLIES.getBytes(StandardCharsets.UTF_8));
        record.headers().add("schema", SigningRequest.SCHEMA.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** A dev issuer key as the launcher would make it: JWKS file for the service, tokens for the load. */
    private Path issuerKeys() throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("bench-issuer");
        key.setAlgorithm("RS256");
        Path jwks = work.resolve("dev-issuer-jwks.json");
        Files.writeString(jwks, new JsonWebKeySet(key).toJson());
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            String subscription = "SUB-BENCH-" + i;
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(ISSUER);
            claims.setAudience("quote-service");
            claims.setSubject("customer-" + i);
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(120);
            claims.setStringClaim("subscription_id", subscription);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            subscriptions.add(subscription);
            tokens.add(jws.getCompactSerialization());
        }
        return jwks;
    }

    private void postRates() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(quoteUrl + "/admin/fx-rates"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pair\":\"EUR/MAD\",\"rate\":\"10.9596\",\"source\":\"bench\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("could not post the rate: " + response.body());
        }
    }

    private void awaitFirstQuote() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (send().get() == 201) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no quote could be signed within 60 s");
    }

    private Process start(String name, Path jar, int port, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags(name));
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.log.level=WARN"));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        builder.environment().put("OTEL_SDK_DISABLED", "true");
        String arenas = System.getProperty("bench.malloc-arena-max", "");
        if ("quote-service".equals(name) && !arenas.isBlank()) {
            builder.environment().put("MALLOC_ARENA_MAX", arenas);
        }
        return builder.start();
    }

    /** The launcher's flags (platform-launcher), then any extra ones given with -Dbench.<name>.jvm. */
    private static List<String> jvmFlags(String name) {
        List<String> flags = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.profile=dev"));
        String extra = System.getProperty("bench." + name + ".jvm", "");
        if (!extra.isBlank()) {
            flags.addAll(List.of(extra.trim().split("\\s+")));
        }
        return flags;
    }

    /** The Markdown fragment of docs/performance.md (gathered into docs/performance.md by bench/report): target/bench/report.md. */
    private void markdown(String loadAtStart, String quoteFlags, double signerRate, double signerCpuPerSignature,
            Result peak, Cpu.Used peakCpu, List<Result> curve, List<Cpu.Used> curveCpu, long peakRssKib) throws IOException {
        double ratio = peak.rate() / signerRate;
        Result half = curve.get(1);
        double rssMib = peakRssKib / 1024.0;
        List<String> md = new ArrayList<>();
        md.add("## quote-service");
        md.add("");
        md.add(String.format("Command: `quote-service/bench/run.sh %d %d` (warm-up %d s; extra quote-service JVM flags: `%s`);"
                + " 1-minute load average at start: %s (2 cores shared by broker, PostgreSQL, signer, quote-service and"
                + " the load generator).", phase.toSeconds(), concurrency, Long.getLong("bench.warmup", 30),
                System.getProperty("bench.quote-service.jvm", "").isBlank() ? "none" : System.getProperty("bench.quote-service.jvm"),
                loadAtStart));
        md.add("");
        md.add("| figure | measured | same-run baseline | ratio | goal | met? |");
        md.add("|---|---|---|---|---|---|");
        md.add(String.format("| quotes/s, POST /v1/quotes end to end (closed loop, %d clients) | %.0f | signer's own sustained"
                + " rate: %.0f signatures/s | %.0f %% | >= 70 %% | %s |", concurrency, peak.rate(), signerRate, 100 * ratio,
                ratio >= 0.70 ? "yes" : "no"));
        md.add(String.format("| p99 at half peak (open loop, %.0f quotes/s offered) | %.1f ms | - | - | < 30 ms | %s |",
                peak.rate() / 2, half.p(99), half.p(99) < 30 ? "yes" : "no"));
        md.add(String.format("| quote-service RSS at peak | %.0f MiB | - | - | < 256 MiB | %s |", rssMib,
                rssMib < 256 ? "yes" : "no"));
        md.add("");
        md.add("Load curve (open loop, latency from the scheduled send time; CPU from /proc/<pid>/stat, % of one core):");
        md.add("");
        md.add("| offered | achieved quotes/s | p50 ms | p99 ms | errors | quote-service CPU | signer CPU | PostgreSQL CPU |");
        md.add("|---|---|---|---|---|---|---|---|");
        int[] percents = {25, 50, 100};
        for (int i = 0; i < 3; i++) {
            Result r = curve.get(i);
            Cpu.Used c = curveCpu.get(i);
            md.add(String.format("| %d %% (%.0f/s) | %.0f | %.1f | %.1f | %d | %.0f %% | %.0f %% | %.0f %% |", percents[i],
                    peak.rate() * percents[i] / 100, r.rate(), r.p(50), r.p(99), r.errors(), c.quotePercentOfCore(),
                    c.signerPercentOfCore(), c.postgresPercentOfCore()));
        }
        md.add("");
        String arenas = System.getProperty("bench.malloc-arena-max", "");
        md.add(String.format("Memory: quote-service peak RSS %.0f MiB during the peak phase (VmRSS every 100 ms); JVM flags"
                + " `%s`%s.", rssMib, quoteFlags, arenas.isBlank() ? "" : ", environment `MALLOC_ARENA_MAX=" + arenas + "`"));
        md.add("");
        md.add(String.format("What limits it: CPU per quote at peak - quote-service %.2f ms (%.2f ms of it in the JIT"
                + " compiler threads: warm-up not finished), signer %.2f ms (%.2f ms per"
                + " signature when driven directly), PostgreSQL %.2f ms; with %d cores for everything, %.1f ms of CPU per"
                + " quote across the measured processes bounds the rate near %.0f quotes/s before the broker and the load"
                + " generator take their share.", peakCpu.quotePerOp(), peakCpu.quoteJitPerOp(), peakCpu.signerPerOp(), signerCpuPerSignature,
                peakCpu.postgresPerOp(), Runtime.getRuntime().availableProcessors(), peakCpu.totalPerOp(),
                Runtime.getRuntime().availableProcessors() * 1000 / peakCpu.totalPerOp()));
        Files.write(work.resolve("report.md"), md);
    }

    /** CPU time of the service processes since construction. */
    private static final class Cpu {
        record Used(double quoteMs, double signerMs, double postgresMs, double quoteJitMs, long ops, double wallSeconds) {
            /** quote-service CPU per operation spent by the JIT compiler threads (warm-up not finished). */
            double quoteJitPerOp() {
                return quoteJitMs / Math.max(1, ops);
            }

            double quotePerOp() {
                return quoteMs / Math.max(1, ops);
            }

            double signerPerOp() {
                return signerMs / Math.max(1, ops);
            }

            double postgresPerOp() {
                return postgresMs / Math.max(1, ops);
            }

            double totalPerOp() {
                return (quoteMs + signerMs + postgresMs) / Math.max(1, ops);
            }

            double quotePercentOfCore() {
                return quoteMs / 10 / wallSeconds;
            }

            double signerPercentOfCore() {
                return signerMs / 10 / wallSeconds;
            }

            double postgresPercentOfCore() {
                return postgresMs / 10 / wallSeconds;
            }
        }

        private final long quotePid;
        private final long signerPid;
        private final long postgresPid;
        private final long quote0;
        private final long signer0;
        private final long postgres0;
        private final Map<String, Long> quoteJit0;
        private final long start = System.nanoTime();

        Cpu(long quotePid, long signerPid, long postgresPid) {
            this.quotePid = quotePid;
            this.signerPid = signerPid;
            this.postgresPid = postgresPid;
            this.quote0 = cpuMillis(quotePid);
            this.signer0 = cpuMillis(signerPid);
            this.postgres0 = postgresCpuMillis(postgresPid);
            this.quoteJit0 = compilerCpuMillis(quotePid);
        }

        Used since(long ops) {
            return new Used(cpuMillis(quotePid) - quote0, cpuMillis(signerPid) - signer0,
                    postgresCpuMillis(postgresPid) - postgres0, jitMillisSince(quotePid, quoteJit0), ops,
                    (System.nanoTime() - start) / 1e9);
        }

        /**
         * JIT compiler CPU since {@code before}, per thread: the JVM starts and ends compiler threads
         * on demand, so a plain sum could shrink (an ended thread's CPU is lost - this undercounts).
         */
        private static double jitMillisSince(long pid, Map<String, Long> before) {
            long used = 0;
            for (Map.Entry<String, Long> thread : compilerCpuMillis(pid).entrySet()) {
                used += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0L));
            }
            return used;
        }

        /** CPU of the JVM's JIT compiler threads (C1/C2 CompilerThread) by tid, from /proc/<pid>/task/<tid>. */
        private static Map<String, Long> compilerCpuMillis(long pid) {
            Map<String, Long> byThread = new java.util.HashMap<>();
            try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
                tasks.filter(task -> {
                    try {
                        return Files.readString(task.resolve("comm")).contains("CompilerThre");
                    } catch (IOException e) {
                        return false;
                    }
                }).forEach(task -> {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        byThread.put(task.getFileName().toString(), (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10);
                    } catch (IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                });
                return byThread;
            } catch (IOException e) {
                return byThread;
            }
        }

        /** The postmaster and its backends (children), which do the work. */
        private static long postgresCpuMillis(long postmaster) {
            if (postmaster <= 0) {
                return 0;
            }
            return ProcessHandle.of(postmaster).map(p -> cpuMillis(postmaster)
                    + p.descendants().mapToLong(child -> cpuMillis(child.pid())).sum()).orElse(0L);
        }
    }

    private void awaitReady(String url, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(url + " exited; see " + work);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " not ready");
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** user + system CPU time of a process, from /proc/<pid>/stat (clock ticks of 10 ms). */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private long rssKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(quotePid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process just exited
        }
        return 0;
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        System.out.println(text);
        report.add(text);
    }

    /** Latencies and outcomes of one phase. */
    private static final class Recorder {
        private final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong errors = new AtomicLong();

        void record(long startedAt, int status) {
            if (status == 201) {
                latencies.add(System.nanoTime() - startedAt);
            } else {
                errors.incrementAndGet();
            }
        }

        Result result(long elapsedNanos) {
            long[] sorted;
            synchronized (latencies) {
                sorted = latencies.stream().mapToLong(Long::longValue).toArray();
            }
            Arrays.sort(sorted);
            return new Result(sorted, errors.get(), elapsedNanos);
        }
    }

    private record Result(long[] sortedNanos, long errors, long elapsedNanos) {
        double rate() {
            return sortedNanos.length / (elapsedNanos / 1e9);
        }

        int count() {
            return sortedNanos.length;
        }

        double p(int percentile) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
        }
    }
}
