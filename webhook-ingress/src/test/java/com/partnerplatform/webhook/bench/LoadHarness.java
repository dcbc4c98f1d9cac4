package com.partnerplatform.webhook.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.partnerplatform.testsupport.KafkaProcess;
import com.partnerplatform.testsupport.Ports;
import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.webhook.testing.ServiceProcess;
import com.partnerplatform.webhook.testing.TestEvents;
import com.partnerplatform.webhook.testing.TestSigner;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Load harness (not a test; its report fragment goes into docs/performance.md through bench/report): the packaged service against a Kafka broker in its own
 * JVM and a PostgreSQL server, all on this machine, driven over HTTP by signed deliveries. Phases:
 * <ol>
 * <li>warm-up (JIT), then the peak: accepted deliveries/s with {@code concurrency} requests in flight (closed loop);</li>
 * <li>a load curve, open loop at 25 %, 50 % and 100 % of that peak and at the 1,000/s, latency measured
 * from the intended send time (a stalled service is not hidden by a stalled generator);</li>
 * <li>the bare rates of a Kafka producer with acks=all and of single-row PostgreSQL inserts, in the same run.</li>
 * </ol>
 * CPU of the service, broker, PostgreSQL and this generator is read per phase from /proc, the service's
 * RSS sampled every 100 ms in the peak phase. Writes target/bench/report.md; exits 1 when a phase
 * produced nothing or the service died. Settings (system properties): bench.warmup (40 s),
 * bench.seconds (20, the peak phase; curve phases take 3/4 of it), bench.concurrency (128),
 * bench.rate (1000), bench.jar, bench.serviceJvm (extra service JVM options), bench.args (for the report).
 */
public final class LoadHarness {

    private static final String SECRET = "whsec_YmVuY2gtb25seS1zZWNyZXQtMzItYnl0ZXMtbG9uZyE=";
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
    private static final Duration CURVE = RUN.multipliedBy(3).dividedBy(4);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 128);
    private static final int RATE = Integer.getInteger("bench.rate", 1000);
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup", 40));
    private static final List<String> SERVICE_JVM = serviceJvmOptions();
    private static final double GOAL_RATE = 5000;
    private static final double GOAL_P99_MS = 25;

    private LoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        String loadAtStart = Files.readString(Path.of("/proc/loadavg")).trim();
        Path work = Files.createTempDirectory("webhook-bench");
        KafkaProcess kafka = new KafkaProcess(work.resolve("kafka"), 0, System.getProperty("java.class.path"), "512m");
        PostgresServer postgres = null;
        ServiceProcess service = null;
        Vertx vertx = Vertx.vertx();
        boolean broken = false;
        try {
            kafka.start(Duration.ofSeconds(90));
            postgres = PostgresServer.dedicated(work.resolve("pg"));
            // the service's claims and the bare inserts both pay for durable commits, as in production
            postgres.makeDurable();
            service = new ServiceProcess(Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar")),
                    Ports.freePort(), kafka.bootstrapServers(), postgres.settings(), SECRET, work.resolve("service.log"),
                    SERVICE_JVM);
            service.start(Duration.ofSeconds(90));
            System.out.printf("machine: %d cores, load average %s; service log %s%n",
                    Runtime.getRuntime().availableProcessors(), loadAtStart, work.resolve("service.log"));

            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(Math.max(CONCURRENCY, 256)));
            int port = service.endpoint().getPort();
            CpuMeter cpu = new CpuMeter(service.pid(), kafka.pid(), work.resolve("pg"));

            // long enough for the JIT to finish compiling the hot path (its threads otherwise dominate the CPU)
            closedLoop(client, port, 16, WARM_UP, "warm-up", cpu, null);
            RssSampler rss = new RssSampler(service.pid());
            Phase peak = closedLoop(client, port, CONCURRENCY, RUN, "peak", cpu, rss);
            rss.stop();
            List<Phase> curve = new ArrayList<>();
            for (int percent : new int[] { 25, 50, 100 }) {
                int rate = (int) Math.max(1, Math.round(peak.rate() * percent / 100));
                curve.add(openLoop(vertx, client, port, rate, CURVE, percent + " % of peak", cpu));
            }
            Phase paced = openLoop(vertx, client, port, RATE, RUN, "issue point", cpu);
            Phase kafkaBare = kafkaProducer(kafka.bootstrapServers(), CONCURRENCY, RUN.dividedBy(2));
            Phase pgBare = postgresInserts(postgres, 16, RUN.dividedBy(2));

            long servicePid = service.pid();
            broken = !ProcessHandle.of(servicePid).map(ProcessHandle::isAlive).orElse(false) || peak.accepted() == 0 || paced.accepted() == 0
                    || curve.stream().anyMatch(phase -> phase.accepted() == 0) || kafkaBare.accepted() == 0
                    || pgBare.accepted() == 0;
            String report = report(loadAtStart, peak, curve, paced, kafkaBare, pgBare, rss, cpu);
            Path out = Path.of("target/bench/report.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println();
            System.out.println(report);
            System.out.println("written to " + out.toAbsolutePath());
        } finally {
            vertx.close();
            if (service != null) {
                service.close();
            }
            kafka.stop();
            if (postgres != null) {
                postgres.stop();
            }
        }
        if (broken) {
            System.err.println("the bench run broke: a phase produced no accepted deliveries or the service died");
            System.exit(1);
        }
    }

    private static String report(String loadAtStart, Phase peak, List<Phase> curve, Phase paced, Phase kafkaBare,
            Phase pgBare, RssSampler rss, CpuMeter cpu) {
        StringBuilder md = new StringBuilder("## webhook-ingress\n\n");
        md.append(String.format(Locale.ROOT, "`webhook-ingress/bench/run.sh %s` (warm-up %d s, peak %d s with %d in flight,"
                + " curve phases %d s, bare phases %d s); 1-minute load average at start: %s; %d cores shared by"
                + " service, broker, PostgreSQL and the load generator.%n%n",
                System.getProperty("bench.args", "").trim(), WARM_UP.toSeconds(), RUN.toSeconds(), CONCURRENCY,
                CURVE.toSeconds(), RUN.dividedBy(2).toSeconds(), loadAtStart.split(" ")[0],
                Runtime.getRuntime().availableProcessors()));
        md.append("| figure | measured | same-run baseline | ratio | goal | met? |\n| --- | --- | --- | --- | --- | --- |\n");
        md.append(String.format(Locale.ROOT, "| accepted deliveries/s (verify + dedupe + acks=all, %d in flight) | %,.0f |"
                + " bare Kafka producer acks=all: %,.0f records/s | %.2f | ≥ %,.0f/s | %s |%n", CONCURRENCY, peak.rate(),
                kafkaBare.rate(), peak.rate() / kafkaBare.rate(), GOAL_RATE, yes(peak.rate() >= GOAL_RATE)));
        md.append(String.format(Locale.ROOT, "| accepted deliveries/s | %,.0f | bare single-row PostgreSQL inserts (16"
                + " threads): %,.0f rows/s | %.2f | – | – |%n", peak.rate(), pgBare.rate(), peak.rate() / pgBare.rate()));
        boolean keptUp = paced.rate() >= 0.98 * paced.offered();
        md.append(String.format(Locale.ROOT, "| p99 at %,d deliveries/s offered (open loop) | %.1f ms (p50 %.1f ms, %,.0f/s"
                + " achieved) | – | – | < %.0f ms at 1,000/s | %s |%n", RATE, paced.latencies().percentileMillis(99),
                paced.latencies().percentileMillis(50), paced.rate(), GOAL_P99_MS,
                yes(keptUp && paced.latencies().percentileMillis(99) < GOAL_P99_MS)));
        double cpuMs = peak.cpuMsPerDelivery().values().stream().mapToDouble(Double::doubleValue).sum();
        double capacity = Runtime.getRuntime().availableProcessors() * 1000 / cpuMs;
        md.append(String.format(Locale.ROOT, "| CPU-bound capacity: cores / CPU per delivery (service + broker + PostgreSQL"
                + " + generator, peak phase) | %,.0f/s | – | – | ≥ %,.0f/s | %s |%n%n", capacity, GOAL_RATE,
                yes(capacity >= GOAL_RATE)));

        md.append("Load curve (open loop; latency from the scheduled send time; CPU in % of one core over the phase):\n\n");
        md.append("| offered | achieved/s | non-2xx | p50 ms | p99 ms | service CPU | broker CPU | PostgreSQL CPU | generator CPU |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        md.append(curveRow("closed loop, " + CONCURRENCY + " in flight (peak)", peak));
        for (Phase phase : curve) {
            md.append(curveRow(String.format(Locale.ROOT, "%,d/s (%s)", phase.offered(), phase.label()), phase));
        }
        md.append(curveRow(String.format(Locale.ROOT, "%,d/s (issue point)", paced.offered()), paced));
        md.append(String.format(Locale.ROOT, "| bare Kafka producer, acks=all, idempotent, %d in flight | %,.0f | – | %.1f"
                + " | %.1f | | | | |%n", CONCURRENCY, kafkaBare.rate(), kafkaBare.latencies().percentileMillis(50),
                kafkaBare.latencies().percentileMillis(99)));
        md.append(String.format(Locale.ROOT, "| bare PostgreSQL single-row inserts, JDBC, 16 threads | %,.0f | – | %.2f"
                + " | %.2f | | | | |%n%n", pgBare.rate(), pgBare.latencies().percentileMillis(50),
                pgBare.latencies().percentileMillis(99)));

        md.append(String.format(Locale.ROOT, "Memory: service peak RSS during the peak phase %,d MiB (sampled every 100 ms;"
                + " VmHWM %,d MiB); service JVM flags: `%s`.%n%n", rss.peakKib() / 1024, rss.highWaterKib() / 1024,
                String.join(" ", SERVICE_JVM)));
        StringBuilder parts = new StringBuilder();
        String top = null;
        double topMs = -1;
        for (Map.Entry<String, Double> part : peak.cpuMsPerDelivery().entrySet()) {
            parts.append(parts.length() == 0 ? "" : " + ").append(String.format(Locale.ROOT, "%s %.3f", part.getKey(), part.getValue()));
            if (part.getValue() > topMs) {
                topMs = part.getValue();
                top = part.getKey();
            }
        }
        md.append(String.format(Locale.ROOT, "What limits it: CPU. Per accepted delivery in the peak phase: %s = %.3f ms"
                + " of CPU, so %d cores give at most ~%,.0f deliveries/s; the largest share is the %s (%.0f %%)."
                + " PostgreSQL runs durable (fsync and synchronous_commit on).%n", parts, cpuMs, Runtime.getRuntime().availableProcessors(), capacity, top,
                100 * topMs / cpuMs));
        return md.toString();
    }

    private static String curveRow(String offered, Phase phase) {
        Map<String, Double> load = phase.cpuPercent();
        String nonOk = String.format(Locale.ROOT, "%,d", phase.errors()) + (phase.failures().isEmpty() ? "" : " (" + phase.failures() + ")");
        return String.format(Locale.ROOT, "| %s | %,.0f | %s | %.1f | %.1f | %.0f %% | %.0f %% | %.0f %% | %.0f %% |%n",
                offered, phase.rate(), nonOk, phase.latencies().percentileMillis(50),
                phase.latencies().percentileMillis(99), load.getOrDefault("service", 0.0), load.getOrDefault("kafka", 0.0),
                load.getOrDefault("postgres", 0.0), load.getOrDefault("generator", 0.0));
    }

    private static String yes(boolean met) {
        return met ? "yes" : "no";
    }

    /** The service JVM's options; bench.serviceJvm adds more, e.g. a flight recording. */
    private static List<String> serviceJvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseParallelGC"));
        String extra = System.getProperty("bench.serviceJvm", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    /**
     * @param offered the open-loop rate (0 for closed loop)
     * @param cpuPercent CPU per process over the phase, in % of one core
     * @param cpuMsPerDelivery CPU per process per accepted delivery, in ms
     */
    record Phase(String label, int offered, double rate, Latencies latencies, long errors, String failures, long accepted,
            Map<String, Double> cpuPercent, Map<String, Double> cpuMsPerDelivery) {
    }

    private static Phase closedLoop(HttpClient client, int port, int concurrency, Duration duration, String label,
            CpuMeter cpu, RssSampler rss) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<String, Long> before = cpu.snapshotNanos();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        if (rss != null) {
            rss.start();
        }
        for (int i = 0; i < concurrency; i++) {
            sendLoop(client, port, end, latencies, ok, errors, done);
        }
        done.await(duration.toSeconds() + 30, TimeUnit.SECONDS);
        return phase(label, 0, start, latencies, ok, errors, before, cpu);
    }

    private static void sendLoop(HttpClient client, int port, long end, Latencies latencies, AtomicLong ok, AtomicLong errors,
            CountDownLatch done) {
        if (System.nanoTime() > end) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        post(client, port).onComplete(result -> {
            latencies.add((System.nanoTime() - sent) / 1000);
            if (result.succeeded() && result.result() / 100 == 2) {
                ok.incrementAndGet();
            } else {
                errors.incrementAndGet();
                countFailure(result);
            }
            sendLoop(client, port, end, latencies, ok, errors, done);
        });
    }

    private static Phase openLoop(Vertx vertx, HttpClient client, int port, int rate, Duration duration, String label,
            CpuMeter cpu) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long total = rate * duration.toSeconds();
        CountDownLatch done = new CountDownLatch((int) total);
        Map<String, Long> before = cpu.snapshotNanos();
        long start = System.nanoTime();
        AtomicLong issued = new AtomicLong();
        vertx.setPeriodic(1, timer -> {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
            while (issued.get() < due) {
                long intended = start + issued.getAndIncrement() * 1_000_000_000L / rate;
                post(client, port).onComplete(result -> {
                    latencies.add((System.nanoTime() - intended) / 1000);
                    if (result.succeeded() && result.result() / 100 == 2) {
                        ok.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                        countFailure(result);
                    }
                    done.countDown();
                });
            }
            if (issued.get() >= total) {
                vertx.cancelTimer(timer);
            }
        });
        // an overloaded service gets a bounded grace period; what has not answered by then counts as not accepted
        done.await(duration.toSeconds() + 20, TimeUnit.SECONDS);
        return phase(label, rate, start, latencies, ok, errors, before, cpu);
    }

    /** Why answers were not 2xx in the running phase: an HTTP status, or the client-side failure's class. */
    private static final Map<String, java.util.concurrent.atomic.LongAdder> FAILURES = new java.util.concurrent.ConcurrentHashMap<>();

    private static void countFailure(io.vertx.core.AsyncResult<Integer> result) {
        String reason = result.succeeded() ? "HTTP " + result.result() : result.cause().getClass().getSimpleName();
        FAILURES.computeIfAbsent(reason, r -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    /** The running phase's failure reasons, e.g. "HTTP 503 x13", and a clean slate for the next phase. */
    private static String takeFailures() {
        String reasons = FAILURES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " x" + e.getValue().sum()).collect(java.util.stream.Collectors.joining(", "));
        FAILURES.clear();
        return reasons;
    }

    private static Phase phase(String label, int offered, long start, Latencies latencies, AtomicLong ok, AtomicLong errors,
            Map<String, Long> cpuBefore, CpuMeter cpu) {
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> cpuAfter = cpu.snapshotNanos();
        Map<String, Double> percent = new java.util.LinkedHashMap<>();
        Map<String, Double> perDelivery = new java.util.LinkedHashMap<>();
        for (String name : cpuBefore.keySet()) {
            long nanos = cpuAfter.get(name) - cpuBefore.get(name);
            percent.put(name, nanos / 1e7 / seconds);
            perDelivery.put(name, nanos / 1e6 / Math.max(1, ok.get()));
        }
        String failures = takeFailures();
        Phase phase = new Phase(label, offered, ok.get() / seconds, latencies, errors.get(), failures, ok.get(), percent,
                perDelivery);
        System.out.printf(Locale.ROOT, "%s%s: %d accepted in %.1f s (%,.0f/s, non-2xx %d%s), %s; CPU %% of a core %s%n", label,
                offered > 0 ? " (" + offered + "/s offered)" : "", ok.get(), seconds, phase.rate(), errors.get(),
                failures.isEmpty() ? "" : ": " + failures,
                latencies.summary(), percent.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue())).toList());
        return phase;
    }

    private static io.vertx.core.Future<Integer> post(HttpClient client, int port) {
        String id = "msg_" + UUID.randomUUID();
        byte[] body = TestEvents.transferStatusChanged("tr-" + ThreadLocalIds.next(), "PAID");
        long timestamp = Instant.now().getEpochSecond();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI("/webhooks/ycmt").putHeader("Content-Type", "application/json");
        TestSigner.headers(SECRET, id, timestamp, body).forEach(options::putHeader);
        return client.request(options).compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()));
    }

    private static Phase kafkaProducer(String bootstrap, int inFlight, Duration duration) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String value = new String(TestEvents.transferStatusChanged("tr-bare", "PAID"), StandardCharsets.UTF_8);
        Latencies latencies = new Latencies();
        AtomicLong acked = new AtomicLong();
        Semaphore window = new Semaphore(inFlight);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>("bench.bare", "warm", value)).get();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            while (System.nanoTime() < end) {
                window.acquire();
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>("bench.bare", "tr-" + (sent % 1000), value), (metadata, error) -> {
                    latencies.add((System.nanoTime() - sent) / 1000);
                    if (error == null) {
                        acked.incrementAndGet();
                    }
                    window.release();
                });
            }
            window.acquire(inFlight);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "bare Kafka producer: %,.0f records/s, %s%n", acked.get() / seconds, latencies.summary());
            return new Phase("bare Kafka", 0, acked.get() / seconds, latencies, 0, "", acked.get(), Map.of(), Map.of());
        }
    }

    private static Phase postgresInserts(PostgresServer postgres, int threads, Duration duration) throws Exception {
        try (Connection connection = PostgresServer.open(postgres.settings()); Statement ddl = connection.createStatement()) {
            ddl.execute("create table if not exists bench_delivery (delivery_id varchar(200) primary key, state varchar(20) not null,"
                    + " body_sha256 char(64), received_at timestamptz not null)");
        }
        Latencies latencies = new Latencies();
        AtomicLong rows = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                try (Connection connection = PostgresServer.open(postgres.settings());
                        PreparedStatement insert = connection.prepareStatement(
                                "insert into bench_delivery values (?, 'RECEIVED', ?, ?)")) {
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.setString(2, "0".repeat(64));
                        insert.setTimestamp(3, Timestamp.from(Instant.now()));
                        insert.executeUpdate();
                        latencies.add((System.nanoTime() - sent) / 1000);
                        rows.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS);
        double rate = rows.get() / ((System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "bare PostgreSQL inserts: %,.0f rows/s, %s%n", rate, latencies.summary());
        return new Phase("bare PostgreSQL", 0, rate, latencies, 0, "", rows.get(), Map.of(), Map.of());
    }

    /** Cheap distinct transfer ids without contention. */
    private static final class ThreadLocalIds {
        private static final AtomicLong NEXT = new AtomicLong();

        static long next() {
            return NEXT.incrementAndGet() % 5000;
        }
    }
}
