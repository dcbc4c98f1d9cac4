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
import java.util.List;
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
 * Load harness (not a test): the packaged service against a Kafka broker in its own JVM and a
 * PostgreSQL server, all on this machine, driven over HTTP by signed deliveries. Measures
 * <ol>
 * <li>sustained accepted deliveries/s with {@code concurrency} requests in flight (closed loop),</li>
 * <li>latency at a fixed offered rate (open loop, measured from the intended send time, so a
 * stalled service is not hidden by a stalled generator),</li>
 * <li>the bare rates of a Kafka producer with acks=all and of single-row PostgreSQL inserts, in the same run.</li>
 * </ol>
 * Settings (system properties): bench.warmup (40 s), bench.seconds (20), bench.concurrency (64), bench.rate (1000), bench.jar,
 * bench.serviceJvm (extra service JVM options).
 */
public final class LoadHarness {

    private static final String SECRET = "whsec_YmVuY2gtb25seS1zZWNyZXQtMzItYnl0ZXMtbG9uZyE=";
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 64);
    private static final int RATE = Integer.getInteger("bench.rate", 1000);
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup", 40));

    private LoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("webhook-bench");
        KafkaProcess kafka = new KafkaProcess(work.resolve("kafka"), 0, System.getProperty("java.class.path"), "512m");
        PostgresServer postgres = null;
        ServiceProcess service = null;
        Vertx vertx = Vertx.vertx();
        try {
            kafka.start(Duration.ofSeconds(90));
            postgres = PostgresServer.dedicated(work.resolve("pg"));
            service = new ServiceProcess(Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar")),
                    Ports.freePort(), kafka.bootstrapServers(), postgres.settings(), SECRET, work.resolve("service.log"),
                    serviceJvmOptions());
            service.start(Duration.ofSeconds(90));
            System.out.printf("machine: %d cores; service log %s%n", Runtime.getRuntime().availableProcessors(), work.resolve("service.log"));

            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(Math.max(CONCURRENCY, 256)));
            int port = service.endpoint().getPort();

            CpuMeter cpu = new CpuMeter(service.pid(), kafka.pid(), work.resolve("pg"));
            // long enough for the JIT to finish compiling the hot path (its threads otherwise dominate the CPU)
            closedLoop(client, port, 16, WARM_UP, "warm-up");
            Result serial = closedLoop(client, port, 1, Duration.ofSeconds(5), "one at a time");
            Map<String, Long> cpuBefore = cpu.snapshotNanos();
            Result max = closedLoop(client, port, CONCURRENCY, RUN, "sustained");
            String cpuPerDelivery = CpuMeter.perDelivery(cpuBefore, cpu.snapshotNanos(), max.accepted(),
                    Runtime.getRuntime().availableProcessors());
            Result paced = openLoop(vertx, client, port, RATE, RUN);
            Result kafkaBare = kafkaProducer(kafka.bootstrapServers(), CONCURRENCY, RUN.dividedBy(2));
            Result pgBare = postgresInserts(postgres, 16, RUN.dividedBy(2));

            System.out.println();
            System.out.println("=== webhook-ingress bench (verification + dedupe + acks=all), " + RUN.toSeconds() + " s phases ===");
            System.out.printf("service, closed loop, %d in flight : %8.0f accepted/s  %s  (non-2xx %d)%n", CONCURRENCY,
                    max.rate(), max.latencies().summary(), max.errors());
            System.out.printf("service, one at a time               : %8.0f accepted/s  %s%n", serial.rate(),
                    serial.latencies().summary());
            System.out.printf("service, open loop at %d/s        : %8.0f accepted/s  %s  (non-2xx %d)%n", RATE,
                    paced.rate(), paced.latencies().summary(), paced.errors());
            System.out.printf("bare Kafka producer acks=all, %d in flight: %8.0f records/s  %s%n", CONCURRENCY,
                    kafkaBare.rate(), kafkaBare.latencies().summary());
            System.out.printf("bare PostgreSQL single-row inserts, 16 threads: %8.0f rows/s  %s%n", pgBare.rate(),
                    pgBare.latencies().summary());
            System.out.println("sustained phase: " + cpuPerDelivery);
            System.out.printf("load average at the end: %s (other work on this machine competes for the same cores)%n",
                    Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.printf("ratios: service/Kafka %.2f, service/PostgreSQL %.2f (the service does 2 statements + 1 record per delivery)%n",
                    max.rate() / kafkaBare.rate(), max.rate() / pgBare.rate());
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
    }

    /** The service JVM's options; bench.serviceJvm adds more, e.g. a flight recording. */
    private static List<String> serviceJvmOptions() {
        List<String> options = new java.util.ArrayList<>(List.of("-Xmx512m", "-XX:+UseParallelGC"));
        String extra = System.getProperty("bench.serviceJvm", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    record Result(double rate, Latencies latencies, long errors, long accepted) {
    }

    private static Result closedLoop(HttpClient client, int port, int concurrency, Duration duration, String label)
            throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            sendLoop(client, port, end, latencies, ok, errors, done);
        }
        done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %d accepted in %.1f s, %s%n", label, ok.get(), seconds, latencies.summary());
        return new Result(ok.get() / seconds, latencies, errors.get(), ok.get());
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
            }
            sendLoop(client, port, end, latencies, ok, errors, done);
        });
    }

    private static Result openLoop(Vertx vertx, HttpClient client, int port, int rate, Duration duration)
            throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long total = rate * duration.toSeconds();
        CountDownLatch done = new CountDownLatch((int) total);
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
                    }
                    done.countDown();
                });
            }
            if (issued.get() >= total) {
                vertx.cancelTimer(timer);
            }
        });
        done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("open loop %d/s: %d accepted in %.1f s, %s%n", rate, ok.get(), seconds, latencies.summary());
        return new Result(ok.get() / seconds, latencies, errors.get(), ok.get());
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

    private static Result kafkaProducer(String bootstrap, int inFlight, Duration duration) throws Exception {
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
            return new Result(acked.get() / seconds, latencies, 0, acked.get());
        }
    }

    private static Result postgresInserts(PostgresServer postgres, int threads, Duration duration) throws Exception {
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
        return new Result(rows.get() / ((System.nanoTime() - start) / 1e9), latencies, 0, rows.get());
    }

    /** Cheap distinct transfer ids without contention. */
    private static final class ThreadLocalIds {
        private static final AtomicLong NEXT = new AtomicLong();

        static long next() {
            return NEXT.incrementAndGet() % 5000;
        }
    }
}
