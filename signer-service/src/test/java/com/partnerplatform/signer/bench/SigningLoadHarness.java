package com.partnerplatform.signer.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.partnerplatform.signer.Quotes;
import com.partnerplatform.signer.custody.pkcs11.Pkcs11Custody;
import com.partnerplatform.signer.custody.pkcs11.SoftHsmToken;
import com.partnerplatform.signer.custody.vault.FakeVaultTransit;
import com.partnerplatform.signer.signing.CryptoProviders;
import com.partnerplatform.testsupport.KafkaProcess;
import com.partnerplatform.testsupport.Ports;

import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;

/**
 * Load harness (not a test): a real Kafka broker in its own JVM, the packaged signer jar as a
 * process, and this JVM as requester with KafkaRequestReply's headers. For each custody (dev,
 * pkcs11 on SoftHSM2, vault-transit against the fake) and key size (2048, 3072) it measures, in
 * the same run: the bare sign rate of the same provider on all cores; the sustained signatures/s
 * through Kafka with the signer saturated; and p50/p99 request-to-reply latency at half the bare
 * rate. Run with signer-service/bench/run.sh.
 */
public final class SigningLoadHarness {

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final String PIN = "bench-1234";

    private final Duration point;
    private final Path work;
    private final KafkaProcess broker;
    private final List<String> report = new ArrayList<>();
    private int scenario;

    private SigningLoadHarness(Duration point, Path work, KafkaProcess broker) {
        this.point = point;
        this.work = work;
        this.broker = broker;
    }

    public static void main(String[] args) throws Exception {
        Duration point = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.seconds", "10")));
        List<String> custodies = List.of(System.getProperty("bench.custodies", "dev,pkcs11,vault").split(","));
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.bits", "2048,3072").split(",")).map(Integer::parseInt).toList();
        Path jar = Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar"));
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench")));
        System.out.println("JCA provider in the harness: " + CryptoProviders.install() + "; cores: " + CORES);

        Path softhsm = null;
        if (custodies.contains("pkcs11")) {
            softhsm = SoftHsmToken.prepareConfig();
            for (int bits : sizes) {
                SoftHsmToken.initToken(softhsm, "bench-bare-" + bits + "-" + ProcessHandle.current().pid(), PIN);
                SoftHsmToken.initToken(softhsm, "bench-signer-" + bits + "-" + ProcessHandle.current().pid(), PIN);
            }
        }
        try (KafkaProcess broker = KafkaProcess.temporary()) {
            broker.start(Duration.ofSeconds(90));
            SigningLoadHarness harness = new SigningLoadHarness(point, work, broker);
            harness.report.add(String.format("%-11s %5s %7s %8s %6s %9s %10s %10s %7s %7s %8s %8s %8s %6s", "custody", "bits",
                    "bare/s", "kafka/s", "ratio", "bare-cpu", "signer-cpu", "w/o JIT", "cpu-r", "load/s", "p50 ms", "p99 ms",
                    "max ms", "batch"));
            for (String custody : custodies) {
                for (int bits : sizes) {
                    harness.run(custody, bits, jar, softhsm);
                }
            }
            harness.report.forEach(System.out::println);
            Files.write(work.resolve("results.txt"), harness.report);
        }
    }

    private void run(String custody, int bits, Path jar, Path softhsm) throws Exception {
        scenario++;
        String requests = "bench.requests." + scenario;
        String replies = "bench.replies." + scenario;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(requests, 3, (short) 1), new NewTopic(replies, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        FakeVaultTransit vault = null;
        double bare;
        List<String> props = new ArrayList<>(List.of(
                "-Dsigner.key-bits=" + bits,
                "-Dmp.messaging.incoming.signing-requests.topic=" + requests,
                "-Dmp.messaging.incoming.signing-requests.group.id=bench-" + scenario,
                "-Dsigner.reply.allowed-topics=" + replies));
        switch (custody) {
            case "dev" -> {
                bare = bareRate(generate(bits), null);
                props.add("-Dsigner.custody=dev");
            }
            case "pkcs11" -> {
                String pid = String.valueOf(ProcessHandle.current().pid());
                Pkcs11Custody bareToken = Pkcs11Custody.open(SoftHsmToken.LIBRARY, "bench-bare-" + bits + "-" + pid,
                        Optional.empty(), PIN.toCharArray(), "bench-", bits, java.time.Clock.systemUTC());
                String kid = bareToken.createKey().kid();
                KeyStore keyStore = KeyStore.getInstance("PKCS11", bareToken.provider());
                keyStore.load(null, PIN.toCharArray());
                bare = bareRate((PrivateKey) keyStore.getKey(kid, null), bareToken.provider());
                props.addAll(List.of("-Dsigner.custody=pkcs11", "-Dsigner.pkcs11.token-label=bench-signer-" + bits + "-" + pid,
                        "-Dsigner.pkcs11.pin=" + PIN));
            }
            case "vault" -> {
                bare = bareRate(generate(bits), null);
                vault = new FakeVaultTransit("s.bench-token");
                props.addAll(List.of("-Dsigner.custody=vault-transit", "-Dsigner.vault.url=" + vault.url(),
                        "-Dsigner.vault.token=s.bench-token", "-Dsigner.vault.key-name=bench-" + bits,
                        "-Dsigner.vault.key-type=rsa-" + bits));
            }
            default -> throw new IllegalArgumentException("unknown custody " + custody);
        }
        int port = Ports.freePort();
        Process signer = startSigner(jar, port, props, softhsm, custody + "-" + bits);
        try {
            awaitReady(port, signer);
            Driver driver = new Driver(requests, replies);
            driver.warmUp((int) Math.max(200, bare * Long.getLong("bench.warmup", 20))); // lets the JIT compile the hot paths before measuring
            int n = (int) Math.max(200, bare * point.getSeconds());
            Duration cpuBefore = signer.info().totalCpuDuration().orElse(Duration.ZERO);
            Map<String, Long> threadsBefore = threadCpuTicks(signer.pid());
            double sustained = driver.saturate(n);
            Map<String, Long> threadsAfter = threadCpuTicks(signer.pid());
            if (Boolean.getBoolean("bench.threads")) {
                printThreadCpu(threadsBefore, threadsAfter, n);
            }
            // the JIT is still compiling on a CPU-starved box; without it is the steady-state cost
            long jitTicks = threadsAfter.entrySet().stream().filter(e -> e.getKey().startsWith("C") && e.getKey().contains("CompilerThre"))
                    .mapToLong(e -> e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)).sum();
            double signerCpuMicros = (signer.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore).toNanos() / 1e3) / n;
            double steadyCpuMicros = signerCpuMicros - jitTicks * 10_000.0 / n;
            double loadRate = Double.parseDouble(System.getProperty("bench.rate", "0")) > 0
                    ? Double.parseDouble(System.getProperty("bench.rate")) : Math.min(bare, sustained) / 2;
            double[] latency = driver.paced(loadRate, point);
            String batch = batchSize(port);
            boolean signsInProcess = !custody.equals("vault");
            report.add(String.format("%-11s %5d %7.0f %8.0f %5.0f%% %7.0fus %8.0fus %8.0fus %7s %7.0f %8.2f %8.2f %8.2f %6s",
                    signsInProcess ? custody : "vault-fake", bits, bare, sustained, 100 * sustained / bare,
                    bareCpuMicros, signerCpuMicros, steadyCpuMicros,
                    signsInProcess ? String.format("%.0f%%", 100 * bareCpuMicros / steadyCpuMicros) : "n/a",
                    loadRate, latency[0], latency[1], latency[2], batch));
            System.out.println(report.get(report.size() - 1));
            driver.close();
        } finally {
            signer.destroy();
            signer.waitFor(20, TimeUnit.SECONDS);
            signer.destroyForcibly();
            if (vault != null) {
                vault.close();
            }
        }
    }

    private static PrivateKey generate(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        KeyPair pair = generator.generateKeyPair();
        return pair.getPrivate();
    }

    /** CPU microseconds per signature in the last bare measurement. */
    private double bareCpuMicros;

    /** SHA256withRSA signatures per second over all cores, for one point; also records CPU per signature. */
    private double bareRate(PrivateKey key, Provider provider) throws Exception {
        byte[] input = ("eyJhbGciOiJSUzI1NiIsImtpZCI6ImIiLCJ0eXAiOiJKV1QifQ." + "x".repeat(900)).getBytes(StandardCharsets.US_ASCII);
        AtomicLong count = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CORES; t++) {
            Thread thread = new Thread(() -> {
                try {
                    Signature signature = provider == null ? Signature.getInstance("SHA256withRSA")
                            : Signature.getInstance("SHA256withRSA", provider);
                    while (!stop.get()) {
                        boolean measured = measuring.get();
                        long cpu = measured ? mx.getCurrentThreadCpuTime() : 0;
                        signature.initSign(key);
                        signature.update(input);
                        signature.sign();
                        if (measured) {
                            cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu);
                            count.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(1000);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(Math.max(2000, point.toMillis() / 2));
        measuring.set(false);
        double rate = count.get() / ((System.nanoTime() - start) / 1e9);
        stop.set(true);
        bareCpuMicros = cpuNanos.get() / 1e3 / Math.max(1, count.get());
        for (Thread thread : threads) {
            thread.join();
        }
        return rate;
    }

    private Process startSigner(Path jar, int port, List<String> props, Path softhsm, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-Dquarkus.profile=bench", "-Dquarkus.http.port=" + port, "-Dquarkus.otel.sdk.disabled=true",
                "-Dsigner.partner-id=" + Quotes.PARTNER_ID));
        command.addAll(props);
        if (Boolean.getBoolean("bench.jfr")) {
            command.add("-XX:StartFlightRecording=filename=" + work.resolve("signer-" + name + ".jfr") + ",settings=profile,dumponexit=true");
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("signer-" + name + ".log").toFile());
        builder.environment().put("KAFKA_BOOTSTRAP", broker.bootstrapServers());
        if (softhsm != null) {
            builder.environment().put("SOFTHSM2_CONF", softhsm.toString());
        }
        return builder.start();
    }

    private static void awaitReady(int port, Process signer) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!signer.isAlive()) {
                throw new IllegalStateException("signer exited with " + signer.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("signer not ready within 120 s");
    }

    /** CPU clock ticks per thread name of a process, from /proc (Linux only; empty elsewhere). */
    private static Map<String, Long> threadCpuTicks(long pid) {
        Map<String, Long> ticks = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return ticks;
    }

    private static void printThreadCpu(Map<String, Long> before, Map<String, Long> after, int signatures) {
        // USER_HZ is 100 on Linux: one tick = 10 ms
        after.forEach((name, ticks) -> {
            long delta = ticks - before.getOrDefault(name, 0L);
            if (delta > 0) {
                System.out.printf("  %-18s %8.0f us/signature%n", name, delta * 10_000.0 / signatures);
            }
        });
    }

    private static String batchSize(int port) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = metric(metrics, "signer_batch_size_sum");
        double count = metric(metrics, "signer_batch_size_count");
        return count == 0 ? "-" : String.format("%.1f", sum / count);
    }

    private static double metric(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Sends requests with KafkaRequestReply's headers and matches replies by correlation id. */
    private final class Driver implements AutoCloseable {
        private final String requests;
        private final String replies;
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<ByteBuffer, Long> sentAt = new ConcurrentHashMap<>();
        private final Thread reader;
        private volatile boolean running = true;
        private volatile CountDownLatch expected = new CountDownLatch(0);
        private final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        private final List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong signed = new AtomicLong();
        private final AtomicLong other = new AtomicLong();

        Driver(String requests, String replies) {
            this.requests = requests;
            this.replies = replies;
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-requester-" + UUID.randomUUID());
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TopicPartition partition = new TopicPartition(replies, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            reader = new Thread(this::read, "bench-replies");
            reader.start();
        }

        private void read() {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    var header = record.headers().lastHeader(KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER);
                    Long sent = header == null ? null : sentAt.remove(ByteBuffer.wrap(header.value()));
                    if (sent == null) {
                        continue;
                    }
                    if (new String(record.value(), StandardCharsets.UTF_8).contains("\"SIGNED\"")) {
                        signed.incrementAndGet();
                    } else {
                        other.incrementAndGet();
                    }
                    latencies.add(now - sent);
                    arrivals.add(now);
                    expected.countDown();
                }
            }
        }

        private void send(byte[] value, String quoteId) {
            byte[] correlation = new byte[16];
            ByteBuffer.wrap(correlation).putLong(UUID.randomUUID().getMostSignificantBits())
                    .putLong(UUID.randomUUID().getLeastSignificantBits());
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(requests, quoteId, value);
            record.headers().add(KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER, correlation);
            record.headers().add(KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER, replies.getBytes(StandardCharsets.UTF_8));
            sentAt.put(ByteBuffer.wrap(correlation), System.nanoTime());
            producer.send(record);
        }

        private List<byte[]> prepare(int n) {
            List<byte[]> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(Quotes.json(Quotes.request(Quotes.claims(Quotes.newQuoteId()))).getBytes(StandardCharsets.UTF_8));
            }
            return values;
        }

        private void reset(int n) {
            latencies.clear();
            arrivals.clear();
            signed.set(0);
            other.set(0);
            expected = new CountDownLatch(n);
        }

        void warmUp(int n) throws InterruptedException {
            List<byte[]> values = prepare(n);
            reset(values.size());
            values.forEach(v -> send(v, "warm-up"));
            if (!expected.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("warm-up replies missing: " + expected.getCount());
            }
        }

        /** Floods n requests; returns replies/s between the 10th and 90th percentile of reply arrivals (steady state). */
        double saturate(int n) throws InterruptedException {
            List<byte[]> values = prepare(n);
            reset(n);
            for (int i = 0; i < n; i++) {
                send(values.get(i), "QT-SAT-" + i);
            }
            producer.flush();
            if (!expected.await(10 * point.getSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("saturation replies missing: " + expected.getCount());
            }
            if (other.get() > 0) {
                throw new IllegalStateException(other.get() + " requests were not signed");
            }
            long[] sorted;
            synchronized (arrivals) {
                sorted = arrivals.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            int from = n / 10;
            int to = n * 9 / 10;
            return (to - from) / ((sorted[to] - sorted[from]) / 1e9);
        }

        /** Sends at {@code rate}/s for the point's duration; returns {p50, p99, max} latency in ms. */
        double[] paced(double rate, Duration duration) throws InterruptedException {
            int n = (int) (rate * duration.getSeconds());
            List<byte[]> values = prepare(n);
            reset(n);
            long interval = (long) (1e9 / rate);
            long next = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                send(values.get(i), "QT-LAT-" + i);
                next += interval;
            }
            if (!expected.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("paced replies missing: " + expected.getCount());
            }
            long[] sorted;
            synchronized (latencies) {
                sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            return new double[] {sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6};
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            reader.join();
            consumer.close();
            producer.close();
        }
    }
}
