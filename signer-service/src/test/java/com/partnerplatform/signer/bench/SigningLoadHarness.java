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

import com.partnerplatform.runtime.crypto.CryptoProviders;
import com.partnerplatform.signer.Quotes;
import com.partnerplatform.signer.custody.pkcs11.Pkcs11Custody;
import com.partnerplatform.signer.custody.pkcs11.SoftHsmToken;
import com.partnerplatform.signer.custody.vault.FakeVaultTransit;
import com.partnerplatform.testsupport.KafkaProcess;
import com.partnerplatform.testsupport.Ports;

import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;

/**
 * Load harness (not a test): a real Kafka broker in its own JVM, the packaged signer jar as a
 * process, and this JVM as requester with KafkaRequestReply's headers. For each scenario (custody
 * dev, pkcs11 on SoftHSM2 or vault-transit against the fake; RSA-2048 or 3072) it measures, in the
 * same run: the bare sign rate of the same provider on all cores; the sustained signatures/s
 * through Kafka with the signer saturated (the peak); an open-loop load curve at 25, 50 and 100 %
 * of that peak and at half the bare rate (latency from each request's scheduled send time), with
 * the CPU of the signer, the broker and this requester; and the signer's peak RSS. Prints a table,
 * writes target/bench/results.txt and the report fragment target/bench/report.md
 * (the fragment bench/report gathers into docs/performance.md). Exits non-zero when a scenario broke. Run with signer-service/bench/run.sh.
 */
public final class SigningLoadHarness {

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final String PIN = "bench-1234";
    private static final double GOAL_RATIO = 0.90;
    private static final double GOAL_P99_MS = 20.0;
    private static final List<String> SIGNER_JVM_FLAGS = List.of("-Xmx768m");

    private final Duration point;
    private final Path work;
    private final KafkaProcess broker;
    private final List<String> report = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private int scenario;

    /** One point of the load curve. */
    record Phase(String label, double offered, double achieved, double p50, double p99, double max, double signerCpuPct,
            double brokerCpuPct, double requesterCpuPct) {
    }

    /** Everything measured for one custody and key size. */
    record Outcome(String custody, int bits, String provider, double bare, double bareCpuMicros, double peak,
            double signerCpuMicros, double signerJitMicros, double brokerCpuMicros, double requesterCpuMicros, long peakRssKb, String batch,
            List<Phase> curve, Phase halfBare, String error) {
    }

    private SigningLoadHarness(Duration point, Path work, KafkaProcess broker) {
        this.point = point;
        this.work = work;
        this.broker = broker;
    }

    public static void main(String[] args) throws Exception {
        String loadAtStart = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        Duration point = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.seconds", "6")));
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.bits", "2048,3072").split(",")).map(String::trim)
                .filter(b -> !b.isEmpty()).map(Integer::parseInt).toList();
        // "dev:2048" is one scenario; a bare custody name runs at every size in bench.bits
        List<Map.Entry<String, Integer>> scenarios = new ArrayList<>();
        for (String entry : System.getProperty("bench.custodies", "dev:2048,dev:3072,pkcs11:3072,vault:3072").split(",")) {
            String[] parts = entry.trim().split(":");
            if (parts.length == 2) {
                scenarios.add(Map.entry(parts[0], Integer.parseInt(parts[1])));
            } else {
                sizes.forEach(bits -> scenarios.add(Map.entry(parts[0], bits)));
            }
        }
        Path jar = Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar"));
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench")));
        String command = System.getProperty("bench.command", "mvn -Pbench exec:exec") + " (seconds per point "
                + point.getSeconds() + ", scenarios " + scenarios.stream().map(e -> e.getKey() + "/" + e.getValue()).toList()
                + ", signer jar " + jar + ")";
        System.out.println("JCA provider in the harness: " + CryptoProviders.install() + "; cores: " + CORES
                + "; 1-min load average at start: " + loadAtStart);

        Path softhsm = null;
        if (scenarios.stream().anyMatch(e -> e.getKey().equals("pkcs11"))) {
            softhsm = SoftHsmToken.prepareConfig();
            for (int bits : scenarios.stream().filter(e -> e.getKey().equals("pkcs11")).map(Map.Entry::getValue).toList()) {
                SoftHsmToken.initToken(softhsm, "bench-bare-" + bits + "-" + ProcessHandle.current().pid(), PIN);
                SoftHsmToken.initToken(softhsm, "bench-signer-" + bits + "-" + ProcessHandle.current().pid(), PIN);
            }
        }
        SigningLoadHarness harness;
        try (KafkaProcess broker = KafkaProcess.temporary()) {
            broker.start(Duration.ofSeconds(90));
            harness = new SigningLoadHarness(point, work, broker);
            harness.report.add(String.format("%-11s %5s %7s %8s %6s %9s %10s %9s %9s %7s %8s %8s %8s %6s", "custody", "bits",
                    "bare/s", "kafka/s", "ratio", "bare-cpu", "signer-cpu", "broker", "requester", "load/s", "p50 ms",
                    "p99 ms", "max ms", "batch"));
            for (Map.Entry<String, Integer> e : scenarios) {
                try {
                    harness.run(e.getKey(), e.getValue(), jar, softhsm);
                } catch (Exception | AssertionError failure) {
                    failure.printStackTrace();
                    harness.outcomes.add(new Outcome(e.getKey(), e.getValue(), "-", 0, 0, 0, 0, 0, 0, 0, 0, "-", List.of(), null,
                            failure.toString()));
                }
            }
        }
        harness.report.forEach(System.out::println);
        Files.write(work.resolve("results.txt"), harness.report);
        Files.writeString(work.resolve("report.md"), harness.markdown(command, loadAtStart));
        System.out.println("report: " + work.resolve("report.md"));
        if (harness.outcomes.stream().anyMatch(o -> o.error() != null)) {
            System.err.println("at least one scenario broke; see the log above");
            System.exit(1);
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
        String provider;
        List<String> props = new ArrayList<>(List.of(
                "-Dsigner.key-bits=" + bits,
                "-Dmp.messaging.incoming.signing-requests.topic=" + requests,
                "-Dmp.messaging.incoming.signing-requests.group.id=bench-" + scenario,
                "-Dsigner.reply.allowed-topics=" + replies));
        switch (custody) {
            case "dev" -> {
                PrivateKey key = generate(bits);
                bare = bareRate(key, null);
                provider = Signature.getInstance("SHA256withRSA").getProvider().getName();
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
                provider = bareToken.provider().getName();
                props.addAll(List.of("-Dsigner.custody=pkcs11", "-Dsigner.pkcs11.token-label=bench-signer-" + bits + "-" + pid,
                        "-Dsigner.pkcs11.pin=" + PIN));
            }
            case "vault" -> {
                bare = bareRate(generate(bits), null);
                provider = "fake Vault (" + Signature.getInstance("SHA256withRSA").getProvider().getName() + " in the requester JVM)";
                vault = new FakeVaultTransit("s.bench-token");
                props.addAll(List.of("-Dsigner.custody=vault-transit", "-Dsigner.vault.url=" + vault.url(),
                        "-Dsigner.vault.token=s.bench-token", "-Dsigner.vault.key-name=bench-" + bits,
                        "-Dsigner.vault.key-type=rsa-" + bits));
            }
            default -> throw new IllegalArgumentException("unknown custody " + custody);
        }
        int port = Ports.freePort();
        Process signer = startSigner(jar, port, props, softhsm, custody + "-" + bits);
        Driver driver = null;
        try {
            awaitReady(port, signer);
            driver = new Driver(requests, replies, signer.pid());
            // lets the JIT compile the hot paths before measuring (bounded: a few seconds of bare-rate work)
            driver.warmUp((int) Math.min(bare * Long.getLong("bench.warmup", 4), 8000));
            int n = (int) Math.max(200, bare * point.getSeconds());
            Cpu before = driver.cpu();
            Map<String, Long> threadsBefore = threadCpuTicks(signer.pid());
            RssSampler rss = new RssSampler(signer.pid());
            double sustained = driver.saturate(n);
            Cpu used = driver.cpu().minus(before);
            Map<String, Long> threadsAfter = threadCpuTicks(signer.pid());
            if (Boolean.getBoolean("bench.threads")) {
                printThreadCpu(threadsBefore, threadsAfter, n);
            }
            // a short run on a CPU-starved box still JIT-compiles while measuring; steady state has no such cost
            long jitTicks = threadsAfter.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("C") && e.getKey().contains("CompilerThre"))
                    .mapToLong(e -> e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)).sum();
            List<Phase> curve = new ArrayList<>();
            for (double share : new double[] {0.25, 0.50, 1.00}) {
                Map<String, Long> phaseBefore = threadCpuTicks(signer.pid());
                Phase phase = driver.paced(String.format("%.0f %% of peak", share * 100), sustained * share, point);
                curve.add(phase);
                if (Boolean.getBoolean("bench.threads")) {
                    System.out.println("  signer CPU per thread at " + phase.label() + ":");
                    printThreadCpu(phaseBefore, threadCpuTicks(signer.pid()), (int) (phase.offered() * point.getSeconds()));
                }
            }
            long peakRss = Math.max(rss.stop(), 0);
            double halfBareRate = Double.parseDouble(System.getProperty("bench.rate", "0")) > 0
                    ? Double.parseDouble(System.getProperty("bench.rate")) : bare / 2;
            Phase halfBare = driver.paced("half the bare rate", halfBareRate, point);
            String batch = batchSize(port);
            Outcome outcome = new Outcome(custody, bits, provider, bare, bareCpuMicros, sustained, used.signer() / n,
                    jitTicks * 10_000.0 / n, used.broker() / n, used.requester() / n, peakRss, batch, curve, halfBare, null);
            outcomes.add(outcome);
            report.add(String.format("%-11s %5d %7.0f %8.0f %5.0f%% %7.0fus %8.0fus %7.0fus %7.0fus %7.0f %8.2f %8.2f %8.2f %6s",
                    custody.equals("vault") ? "vault-fake" : custody, bits, bare, sustained, 100 * sustained / bare,
                    bareCpuMicros, outcome.signerCpuMicros(), outcome.brokerCpuMicros(), outcome.requesterCpuMicros(),
                    halfBare.offered(), halfBare.p50(), halfBare.p99(), halfBare.max(), batch));
            System.out.println(report.get(report.size() - 1));
            curve.forEach(phase -> System.out.println("    " + phase));
        } finally {
            if (driver != null) {
                driver.close();
            }
            signer.destroy();
            signer.waitFor(20, TimeUnit.SECONDS);
            signer.destroyForcibly();
            if (vault != null) {
                vault.close();
            }
        }
    }

    private String markdown(String command, String loadAtStart) {
        StringBuilder md = new StringBuilder("## signer-service\n\n");
        md.append("Command: `").append(command).append("`; 1-minute load average at start: ").append(loadAtStart)
                .append(" (").append(CORES).append(" cores; broker, signer and requester share them).\n\n");
        md.append("| figure | measured | same-run baseline | ratio | goal | met? |\n|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            String name = label(o);
            if (o.error() != null) {
                md.append("| ").append(name).append(": run broke (").append(o.error().replace('|', '/'))
                        .append(") | - | - | - | - | no |\n");
                continue;
            }
            double ratio = o.peak() / o.bare();
            md.append(String.format("| %s: signatures/s through Kafka | %.0f/s | bare sign rate, all cores: %.0f/s | %.0f %% | >= %.0f %% | %s |%n",
                    name, o.peak(), o.bare(), 100 * ratio, 100 * GOAL_RATIO, ratio >= GOAL_RATIO ? "yes" : "no"));
            Phase h = o.halfBare();
            md.append(String.format("| %s: p99 request-to-reply at half the bare rate (%.0f/s offered, %.0f/s achieved) | %.1f ms | - | - | < %.0f ms | %s |%n",
                    name, h.offered(), h.achieved(), h.p99(), GOAL_P99_MS, h.p99() < GOAL_P99_MS && h.achieved() >= 0.95 * h.offered() ? "yes" : "no"));
            md.append(String.format("| %s: signer CPU per signature | %.0f us | bare: %.0f us | %.0f %% | - | - |%n",
                    name, o.signerCpuMicros(), o.bareCpuMicros(), 100 * o.bareCpuMicros() / o.signerCpuMicros()));
        }
        md.append("\nLoad curve (open loop; latency from each request's scheduled send time; CPU in % of one core over the phase):\n\n");
        md.append("| scenario | offered | offered/s | achieved/s | p50 ms | p99 ms | max ms | signer CPU | broker CPU | requester CPU |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            List<Phase> phases = new ArrayList<>(o.curve());
            if (o.halfBare() != null) {
                phases.add(o.halfBare());
            }
            for (Phase p : phases) {
                md.append(String.format("| %s | %s | %.0f | %.0f | %.1f | %.1f | %.1f | %.0f %% | %.0f %% | %.0f %% |%n", label(o),
                        p.label(), p.offered(), p.achieved(), p.p50(), p.p99(), p.max(), p.signerCpuPct(), p.brokerCpuPct(),
                        p.requesterCpuPct()));
            }
        }
        md.append("\nMemory: signer peak RSS (VmRSS sampled every 100 ms from saturation through the 100 % phase): ");
        md.append(String.join("; ", outcomes.stream().filter(o -> o.error() == null)
                .map(o -> String.format("%s %d MiB", label(o), o.peakRssKb() / 1024)).toList()));
        md.append(". Signer JVM flags: `").append(String.join(" ", SIGNER_JVM_FLAGS))
                .append(" -Dquarkus.otel.sdk.disabled=true` (plus per-scenario `-Dsigner.*`).\n\n");
        md.append("What limits it (CPU per signature at saturation; the peak through Kafka is bounded by ")
                .append(CORES).append(" cores / (signer + broker + requester) CPU per request):\n");
        for (Outcome o : outcomes) {
            if (o.error() != null) {
                continue;
            }
            double total = o.signerCpuMicros() + o.brokerCpuMicros() + o.requesterCpuMicros();
            boolean inProcess = !o.custody().equals("vault");
            md.append(String.format("- %s (%s): signer %.0f us (%.0f us of it JIT compiling)%s, broker %.0f us, requester%s %.0f us; total %.0f us -> at most %.0f/s on %d cores (measured %.0f/s; bare %.0f us -> %.0f/s).%n",
                    label(o), o.provider(), o.signerCpuMicros(), o.signerJitMicros(),
                    inProcess ? String.format(" = RSA %.0f us + %.0f us other steady-state work", o.bareCpuMicros(),
                            Math.max(0, o.signerCpuMicros() - o.signerJitMicros() - o.bareCpuMicros())) : "",
                    o.brokerCpuMicros(), inProcess ? "" : " (incl. the fake Vault's RSA)", o.requesterCpuMicros(), total,
                    CORES * 1e6 / total, CORES, o.peak(), o.bareCpuMicros(), o.bare()));
        }
        return md.toString();
    }

    private static String label(Outcome o) {
        return (o.custody().equals("vault") ? "vault-fake" : o.custody()) + " RSA-" + o.bits();
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
                "-Dquarkus.profile=bench", "-Dquarkus.http.port=" + port, "-Dquarkus.otel.sdk.disabled=true",
                "-Dsigner.partner-id=" + Quotes.PARTNER_ID));
        command.addAll(1, SIGNER_JVM_FLAGS);
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

    /** utime + stime of a process in microseconds, from /proc (USER_HZ = 100); -1 when unreadable. */
    static long cpuMicros(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU microseconds used by the signer, the broker and this requester JVM. */
    record Cpu(double signer, double broker, double requester) {
        Cpu minus(Cpu earlier) {
            return new Cpu(signer - earlier.signer, broker - earlier.broker, requester - earlier.requester);
        }
    }

    /** Samples the signer's VmRSS every 100 ms until stopped; also knows VmHWM. */
    private static final class RssSampler {
        private final long pid;
        private final AtomicLong peakKb = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        RssSampler(long pid) {
            this.pid = pid;
            this.thread = new Thread(() -> {
                while (running.get()) {
                    peakKb.accumulateAndGet(status("VmRSS:"), Math::max);
                    LockSupport.parkNanos(100_000_000L);
                }
            }, "bench-rss");
            thread.setDaemon(true);
            thread.start();
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return peakKb.get();
        }

        private long status(String field) {
            try {
                return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                        .filter(l -> l.startsWith(field)).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst()
                        .orElse(0);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /** Sends requests with KafkaRequestReply's headers and matches replies by correlation id. */
    private final class Driver implements AutoCloseable {
        private final String requests;
        private final String replies;
        private final long signerPid;
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

        Driver(String requests, String replies, long signerPid) {
            this.requests = requests;
            this.replies = replies;
            this.signerPid = signerPid;
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

        Cpu cpu() {
            return new Cpu(cpuMicros(signerPid), cpuMicros(broker.pid()), cpuMicros(ProcessHandle.current().pid()));
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

        /** @param scheduledAt when the request was due (open loop: latency counts from here, not from the actual send) */
        private void send(byte[] value, String quoteId, long scheduledAt) {
            byte[] correlation = new byte[16];
            ByteBuffer.wrap(correlation).putLong(UUID.randomUUID().getMostSignificantBits())
                    .putLong(UUID.randomUUID().getLeastSignificantBits());
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(requests, quoteId, value);
            record.headers().add(KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER, correlation);
            record.headers().add(KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER, replies.getBytes(StandardCharsets.UTF_8));
            sentAt.put(ByteBuffer.wrap(correlation), scheduledAt);
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
            List<byte[]> values = prepare(Math.max(200, n));
            reset(values.size());
            values.forEach(v -> send(v, "warm-up", System.nanoTime()));
            if (!expected.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("warm-up replies missing: " + expected.getCount());
            }
        }

        /** Floods n requests; returns replies/s between the 10th and 90th percentile of reply arrivals (steady state). */
        double saturate(int n) throws InterruptedException {
            List<byte[]> values = prepare(n);
            reset(n);
            for (int i = 0; i < n; i++) {
                send(values.get(i), "QT-SAT-" + i, System.nanoTime());
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

        /** Open loop at {@code rate}/s for the point's duration; latency from each request's scheduled time. */
        Phase paced(String label, double rate, Duration duration) throws InterruptedException {
            int n = Math.max(20, (int) (rate * duration.getSeconds()));
            List<byte[]> values = prepare(n);
            reset(n);
            Cpu before = cpu();
            long interval = (long) (1e9 / rate);
            long start = System.nanoTime();
            long next = start;
            for (int i = 0; i < n; i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                send(values.get(i), "QT-LAT-" + i, next);
                next += interval;
            }
            if (!expected.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(label + ": paced replies missing: " + expected.getCount());
            }
            if (other.get() > 0) {
                throw new IllegalStateException(label + ": " + other.get() + " requests were not signed");
            }
            long end = System.nanoTime();
            Cpu used = cpu().minus(before);
            double wallMicros = (end - start) / 1e3;
            long[] sorted;
            synchronized (latencies) {
                sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            long lastArrival;
            synchronized (arrivals) {
                lastArrival = arrivals.stream().mapToLong(Long::longValue).max().orElse(end);
            }
            return new Phase(label, rate, n / ((lastArrival - start) / 1e9), sorted[sorted.length / 2] / 1e6,
                    sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6, sorted[sorted.length - 1] / 1e6,
                    100 * used.signer() / wallMicros, 100 * used.broker() / wallMicros, 100 * used.requester() / wallMicros);
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
