package com.partnerplatform.ygg.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.partnerplatform.events.Topics;
import com.partnerplatform.testsupport.DatabaseSettings;
import com.partnerplatform.testsupport.KafkaProcess;
import com.partnerplatform.testsupport.KafkaTestHelper;
import com.partnerplatform.testsupport.Ports;
import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.testsupport.SelfSignedCertificate;
import com.partnerplatform.ygg.client.YggClient;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Load harness (not a test): the packaged gateway in front of a trivial upstream, next to nginx as a plain
 * reverse proxy to the same upstream and to the upstream called directly, in one run on this machine.
 *
 * <p>Starts a Kafka broker (own JVM), PostgreSQL (made durable: fsync and synchronous_commit on), nginx with two
 * servers (the upstream, answering a fixed JSON body, and a keep-alive reverse proxy to it) and the gateway jar
 * (prod profile). For each target: a warm-up, a closed loop with {@code bench.concurrency} requests in flight
 * (maximum throughput), then an open loop paced at {@code bench.rate}/s whose latencies are measured from each
 * request's scheduled time (no coordinated omission). Every request is freshly signed with {@link YggClient}
 * (new UUIDv7, HMAC), for every target, so the client does the same work whoever answers; every 50th gateway
 * answer's signature is verified.
 *
 * <p>After the three targets, an open-loop load curve on the gateway at 25, 50 and 100 % of its measured
 * maximum (latency, achieved rate, gateway CPU), with the gateway's RSS sampled during its maximum-throughput
 * phase. Writes the Markdown fragment {@code target/bench/report.md} (gathered into docs/performance.md by bench/report) and exits
 * non-zero when a phase produced no answers or a process died.
 *
 * <p>Properties: bench.seconds (10), bench.warmup (5; the gateway's: bench.gateway-warmup, 60),
 * bench.curve-seconds (8), bench.report (target/bench/report.md), bench.concurrency (32), bench.rate (1000),
 * bench.client-threads (2), bench.jar (target/quarkus-app/quarkus-run.jar), bench.nginx (nginx),
 * bench.pg-durable (true), bench.pg-tls (false: true connects the gateway to PostgreSQL as the Kubernetes deployment
 * does, verify-full TLS with PEM trust), bench.gateway-jvm-args (extra JVM options, space-separated), bench.only (a target name part, e.g. {@code gateway}, to skip the others).
 */
public final class GatewayLoadHarness {

    private static final String PATH = "/api/v1/deduct-points-by-address";
    private static final String UPSTREAM_BODY = "{\"success\":true,\"partnerTransactionId\":\"ptx-bench-1\"}";
    private static final String REQUEST_BODY = "{\"address\":\"0x7a3b9c1d2e4f\",\"points\":1000}";

    private final int seconds = Integer.getInteger("bench.seconds", 10);
    private final int warmup = Integer.getInteger("bench.warmup", 5);
    /** The gateway's JIT needs far longer than nginx to reach steady state (C2 threads compete for the 2 cores). */
    private final int gatewayWarmup = Integer.getInteger("bench.gateway-warmup", 60);
    private final int curveSeconds = Integer.getInteger("bench.curve-seconds", 8);
    private final Path reportFile = Path.of(System.getProperty("bench.report", "target/bench/report.md"));
    private final String loadAverageAtStart = loadAverage();
    private final List<String> gatewayJvmFlags = new ArrayList<>();
    private final int concurrency = Integer.getInteger("bench.concurrency", 32);
    private final int rate = Integer.getInteger("bench.rate", 1000);
    private final int clientThreads = Integer.getInteger("bench.client-threads", 2);
    private final Path jar = Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar"));
    private final String nginxBinary = System.getProperty("bench.nginx", "nginx");
    private final boolean durablePostgres = Boolean.parseBoolean(System.getProperty("bench.pg-durable", "true"));
    private final boolean postgresTls = Boolean.parseBoolean(System.getProperty("bench.pg-tls", "false"));

    /** Where an accepted request's time went inside the gateway during the paced phase (from its own timers). */
    private String timeInside = "not measured";
    private final String apiKey = HexFormat.of().formatHex(random(24));
    private final String secret = HexFormat.of().formatHex(random(32));
    private final YggClient ygg = YggClient.create(apiKey, secret);

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            new GatewayLoadHarness().run();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: package the module first (bench/run.sh does)");
        }
        Path work = Files.createTempDirectory("ygg-bench-");
        System.out.printf("work directory %s; %d s per phase, %d in flight, paced at %d/s, %d client threads%n", work,
                seconds, concurrency, rate, clientThreads);
        List<Runnable> cleanup = new ArrayList<>();
        try {
            KafkaProcess kafka = new KafkaProcess(work.resolve("kafka"), 0, System.getProperty("java.class.path"), "384m");
            kafka.start(Duration.ofSeconds(120));
            cleanup.add(kafka::stop);
            try (KafkaTestHelper admin = new KafkaTestHelper(kafka.bootstrapServers())) {
                admin.createTopic(Topics.YGG_REDEEM_AUDIT, 3, false);
            }
            SelfSignedCertificate postgresCertificate = postgresTls
                    ? SelfSignedCertificate.forLocalhost(Files.createDirectories(work.resolve("pg-tls"))) : null;
            PostgresServer postgres = postgresTls ? PostgresServer.dedicatedWithTls(work.resolve("pg"), postgresCertificate)
                    : PostgresServer.dedicated(work.resolve("pg"));
            cleanup.add(postgres::stop);
            if (durablePostgres) {
                postgres.makeDurable();
            }
            int upstreamPort = Ports.freePort();
            int proxyPort = Ports.freePort();
            Process nginx = startNginx(work.resolve("nginx"), upstreamPort, proxyPort);
            cleanup.add(() -> stop(nginx));
            int gatewayPort = Ports.freePort();
            Process gateway = startGateway(work, gatewayPort, upstreamPort, kafka, postgres.settings(), postgresCertificate);
            cleanup.add(() -> stop(gateway));
            awaitReady(gatewayPort, gateway, work.resolve("gateway.log"));

            Vertx vertx = Vertx.vertx();
            cleanup.add(vertx::close);
            io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setTcpNoDelay(true).setConnectTimeout(5_000),
                    new PoolOptions().setHttp1MaxSize(Math.max(concurrency, 64)).setMaxWaitQueueSize(-1));
            Map<String, ProcessHandle> gatewaySide = new java.util.LinkedHashMap<>();
            gatewaySide.put("gateway", gateway.toHandle());
            gatewaySide.put("kafka", ProcessHandle.of(kafka.pid()).orElseThrow());
            gatewaySide.put("postgres", ProcessHandle.of(postgres.pid()).orElseThrow());
            gatewaySide.put("nginx", nginx.toHandle());
            List<Target> targets = List.of(
                    new Target("upstream direct", upstreamPort, false, Map.of("nginx", nginx.toHandle())),
                    new Target("nginx proxy", proxyPort, false, Map.of("nginx", nginx.toHandle())),
                    new Target("ygg gateway", gatewayPort, true, gatewaySide));
            List<Result> results = new ArrayList<>();
            String only = System.getProperty("bench.only"); // e.g. "gateway": one target, no comparison
            List<CurvePoint> curve = new ArrayList<>();
            long peakRss = 0;
            for (Target target : targets) {
                if (only != null && !target.name.contains(only)) {
                    continue;
                }
                System.out.printf("%n== %s (127.0.0.1:%d)%n", target.name, target.port);
                closedLoop(vertx, client, target, target.signed ? gatewayWarmup : warmup);
                RssSampler rss = target.signed ? new RssSampler(gateway.pid()) : null;
                Phase max = closedLoop(vertx, client, target, seconds);
                if (rss != null) {
                    peakRss = rss.stop();
                }
                System.out.println("  max throughput: " + max);
                Map<String, double[]> timersBefore = target.signed ? gatewayTimers(target.port) : Map.of();
                Phase paced = openLoop(vertx, client, target, rate, seconds);
                System.out.println("  paced:          " + paced);
                if (target.signed) {
                    timeInside = timeInside(timersBefore, gatewayTimers(target.port));
                    System.out.println("  inside the gateway at " + rate + "/s (means): " + timeInside);
                }
                requireAnswers(target, max, paced, gateway, kafka, postgres, nginx);
                results.add(new Result(target, max, paced));
                if (target.signed) {
                    for (int percent : new int[] {25, 50, 100}) {
                        int offered = (int) Math.max(1, Math.round(max.rps() * percent / 100.0));
                        Phase point = openLoop(vertx, client, target, offered, curveSeconds);
                        System.out.printf("  curve %3d%% (%,d/s): %s%n", percent, offered, point);
                        requireAnswers(target, point, point, gateway, kafka, postgres, nginx);
                        curve.add(new CurvePoint(percent, offered, point));
                    }
                }
            }
            if (results.size() == targets.size()) {
                report(results);
                writeReport(results, curve, peakRss);
                System.out.println("\nreport: " + reportFile.toAbsolutePath());
            }
            System.out.println("\ngateway log: " + work.resolve("gateway.log") + "; nonce rows: "
                    + nonceRows(postgres.settings()));
        } finally {
            java.util.Collections.reverse(cleanup); // last started, first stopped
            for (Runnable step : cleanup) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    System.err.println("cleanup: " + e);
                }
            }
        }
    }

    // ---- load ----

    /** {@code servers}: every process that works for this target's answers, for the CPU figures. */
    private record Target(String name, int port, boolean signed, Map<String, ProcessHandle> servers) {
    }

    private record Result(Target target, Phase max, Phase paced) {
    }

    /** One measured phase: count, duration, latency percentiles (ms) and CPU spent by the servers and the client. */
    private record Phase(long ok, long failed, double seconds, double p50, double p99, double p999, double max,
            double serverCpuMsPerK, double clientCpuMsPerK, String breakdown, Map<String, Double> cpuMsPerK,
            Map<String, Double> cpuPercentOfCore) {
        double rps() {
            return ok / seconds;
        }

        @Override
        public String toString() {
            return String.format("%,9.0f req/s  p50 %6.3f ms  p99 %6.3f ms  p99.9 %6.3f ms  max %7.2f ms  "
                    + "failed %d%n                  cpu per 1,000 requests: servers %.0f ms (%s), client %.0f ms", rps(),
                    p50, p99, p999, max, failed, serverCpuMsPerK, breakdown, clientCpuMsPerK);
        }
    }

    /** Latencies in nanoseconds, one per completed request, per client thread; merged at the end. */
    private static final class Recorder {
        long[] latencies = new long[1 << 16];
        int count;
        long failed;
        long verified;

        void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }

    private Phase closedLoop(Vertx vertx, io.vertx.core.http.HttpClient client, Target target, int duration)
            throws Exception {
        List<Recorder> recorders = new ArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        Map<String, Long> cpuBefore = cpuNanos(target.servers);
        long clientCpuBefore = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(duration);
        for (int t = 0; t < clientThreads; t++) {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done.add(finished);
            Context context = vertx.getOrCreateContext();
            int inFlight = concurrency / clientThreads + (t < concurrency % clientThreads ? 1 : 0);
            context.runOnContext(ignored -> {
                AtomicLong running = new AtomicLong(inFlight);
                for (int i = 0; i < inFlight; i++) {
                    loop(client, target, recorder, deadline, running, finished);
                }
            });
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(duration + 60L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return phase(recorders, elapsed, cpuBefore, cpuNanos(target.servers),
                ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() - clientCpuBefore);
    }

    private void loop(io.vertx.core.http.HttpClient client, Target target, Recorder recorder, long deadline,
            AtomicLong running, CompletableFuture<Void> finished) {
        if (System.nanoTime() >= deadline) {
            if (running.decrementAndGet() == 0) {
                finished.complete(null);
            }
            return;
        }
        long sent = System.nanoTime();
        send(client, target, recorder).onComplete(ignored -> {
            recorder.record(System.nanoTime() - sent);
            loop(client, target, recorder, deadline, running, finished);
        });
    }

    /**
     * Open loop: {@code offered} requests per second for {@code duration} seconds, spread over the client
     * threads, each request's latency counted from the time it was due (no coordinated omission).
     */
    private Phase openLoop(Vertx vertx, io.vertx.core.http.HttpClient client, Target target, int offered,
            int duration) throws Exception {
        int threads = offered >= 2_000 ? clientThreads : 1;
        List<Recorder> recorders = new ArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        Map<String, Long> cpuBefore = cpuNanos(target.servers);
        long clientCpuBefore = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done.add(finished);
            long total = (long) offered * duration / threads;
            long interval = 1_000_000_000L * threads / offered;
            long offset = interval * t / threads;
            Context context = vertx.getOrCreateContext();
            context.runOnContext(ignored -> {
                long[] issued = {0};
                long[] completed = {0};
                if (total == 0) {
                    finished.complete(null);
                    return;
                }
                vertx.setPeriodic(1, timer -> {
                    long due = Math.min(total, (System.nanoTime() - start - offset) / interval + 1);
                    while (issued[0] < due) {
                        long scheduled = start + offset + issued[0] * interval;
                        issued[0]++;
                        send(client, target, recorder).onComplete(r -> {
                            recorder.record(System.nanoTime() - scheduled);
                            if (++completed[0] == total) {
                                finished.complete(null);
                            }
                        });
                    }
                    if (issued[0] == total) {
                        vertx.cancelTimer(timer);
                    }
                });
            });
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(duration + 120L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return phase(recorders, elapsed, cpuBefore, cpuNanos(target.servers),
                ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() - clientCpuBefore);
    }

    /** Signs and sends one request; completes (never fails) once the answer is read, counting failures. */
    private Future<Void> send(io.vertx.core.http.HttpClient client, Target target, Recorder recorder) {
        YggClient.SignedRequest request = ygg.sign("POST", PATH, REQUEST_BODY);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.headers().forEach(headers::add);
        headers.add("Content-Type", "application/json");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(target.port).setURI(PATH).setHeaders(headers);
        return client.request(options)
                .compose(r -> r.send(Buffer.buffer(request.body())))
                .compose(response -> response.body().map(body -> {
                    boolean ok = response.statusCode() == 200;
                    if (ok && target.signed && recorder.verified++ % 50 == 0) {
                        ok = ygg.verifyResponse(request, body.toString(StandardCharsets.UTF_8),
                                response.getHeader("X-API-SIGNATURE"));
                    }
                    if (!ok) {
                        recorder.failed++;
                    }
                    return (Void) null;
                }))
                .otherwise(failure -> {
                    recorder.failed++;
                    return null;
                });
    }

    private static Phase phase(List<Recorder> recorders, double seconds, Map<String, Long> cpuBefore,
            Map<String, Long> cpuAfter, long clientCpu) {
        int n = recorders.stream().mapToInt(r -> r.count).sum();
        long failed = recorders.stream().mapToLong(r -> r.failed).sum();
        long[] all = new long[n];
        int i = 0;
        for (Recorder r : recorders) {
            System.arraycopy(r.latencies, 0, all, i, r.count);
            i += r.count;
        }
        Arrays.sort(all);
        double perK = n == 0 ? 0 : 1000.0 / n / 1e6;
        long serverCpu = 0;
        StringBuilder breakdown = new StringBuilder();
        Map<String, Double> cpuPerK = new java.util.LinkedHashMap<>();
        Map<String, Double> percentOfCore = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Long> after : cpuAfter.entrySet()) {
            long spent = after.getValue() - cpuBefore.get(after.getKey());
            serverCpu += spent;
            cpuPerK.put(after.getKey(), spent * perK);
            percentOfCore.put(after.getKey(), 100.0 * spent / (seconds * 1e9));
            breakdown.append(breakdown.isEmpty() ? "" : ", ").append(after.getKey())
                    .append(String.format(" %.0f", spent * perK));
        }
        cpuPerK.put("load generator", clientCpu * perK);
        percentOfCore.put("load generator", 100.0 * clientCpu / (seconds * 1e9));
        return new Phase(n - failed, failed, seconds, pct(all, 0.50), pct(all, 0.99), pct(all, 0.999),
                n == 0 ? 0 : all[n - 1] / 1e6, serverCpu * perK, clientCpu * perK, breakdown.toString(), cpuPerK,
                percentOfCore);
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private void report(List<Result> results) {
        Result direct = results.get(0);
        Result nginx = results.get(1);
        Result gateway = results.get(2);
        System.out.printf("%n%-16s %12s %9s %9s | %-8s %9s %9s %9s%n", "target", "max req/s", "p50 ms", "p99 ms",
                "@" + rate + "/s", "p50 ms", "p99 ms", "p99.9 ms");
        for (Result r : results) {
            System.out.printf("%-16s %,12.0f %9.3f %9.3f | %-8s %9.3f %9.3f %9.3f%n", r.target.name, r.max.rps(),
                    r.max.p50, r.max.p99, "", r.paced.p50, r.paced.p99, r.paced.p999);
        }
        System.out.printf("%ngateway throughput = %.0f%% of nginx's (goal >= 80%%)%n",
                100 * gateway.max.rps() / nginx.max.rps());
        System.out.printf("added latency at %d/s over the direct upstream: gateway p50 %+.3f ms, p99 %+.3f ms "
                + "(goal p99 < 1 ms); nginx p50 %+.3f ms, p99 %+.3f ms%n", rate, gateway.paced.p50 - direct.paced.p50,
                gateway.paced.p99 - direct.paced.p99, nginx.paced.p50 - direct.paced.p50,
                nginx.paced.p99 - direct.paced.p99);
        System.out.printf("failed requests: direct %d, nginx %d, gateway %d (gateway answers verified: every 50th)%n",
                direct.max.failed + direct.paced.failed, nginx.max.failed + nginx.paced.failed,
                gateway.max.failed + gateway.paced.failed);
    }

    private record CurvePoint(int percent, int offered, Phase phase) {
    }

    /** Samples a process's VmRSS every 100 ms until stopped; returns the peak in bytes. */
    private static final class RssSampler {
        private final java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong peak = new AtomicLong();

        RssSampler(long pid) {
            Path status = Path.of("/proc/" + pid + "/status");
            timer.scheduleAtFixedRate(() -> {
                try {
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith("VmRSS:")) {
                            long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                            peak.accumulateAndGet(kb * 1024, Math::max);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process is gone: requireAnswers reports it
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
        }

        long stop() {
            timer.shutdownNow();
            return peak.get();
        }
    }

    /** A phase without answers, or with a server gone, means the run broke: no report. */
    private static void requireAnswers(Target target, Phase max, Phase paced, Process gateway, KafkaProcess kafka,
            PostgresServer postgres, Process nginx) {
        if (max.ok == 0 || paced.ok == 0) {
            throw new IllegalStateException(target.name + ": a phase produced no successful answers");
        }
        if (!gateway.isAlive() || !nginx.isAlive() || !kafka.isRunning() || postgres.pid() < 0) {
            throw new IllegalStateException("a server process died during " + target.name);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The docs/performance.md fragment: command and load, headline table, load curve, memory, what limits it. */
    private void writeReport(List<Result> results, List<CurvePoint> curve, long peakRss) throws IOException {
        Result direct = results.get(0);
        Result nginx = results.get(1);
        Result gw = results.get(2);
        StringBuilder md = new StringBuilder();
        md.append("## ygg-hmac-gateway\n\n");
        md.append(String.format("`%s` (phases %d s, warm-up %d s / gateway %d s, %d in "
                + "flight, paced %,d/s, curve %d s per point); 1-minute load average at start: %s (%d cores)%n%n",
                ("ygg-hmac-gateway/bench/run.sh " + System.getProperty("bench.args", "")).strip(), seconds, warmup,
                gatewayWarmup, concurrency, rate, curveSeconds, loadAverageAtStart,
                Runtime.getRuntime().availableProcessors()));
        double throughputRatio = gw.max.rps() / nginx.max.rps();
        double addedP99 = gw.paced.p99 - direct.paced.p99;
        double nginxAddedP99 = nginx.paced.p99 - direct.paced.p99;
        double addedP50 = gw.paced.p50 - direct.paced.p50;
        double nginxAddedP50 = nginx.paced.p50 - direct.paced.p50;
        md.append("| figure | measured | same-run baseline | ratio | goal | met? |\n");
        md.append("| --- | ---: | ---: | ---: | --- | --- |\n");
        md.append(String.format("| gateway max req/s (%d in flight) vs nginx reverse proxy | %,.0f | %,.0f | %.1f %% "
                + "| >= 80 %% | %s |%n", concurrency, gw.max.rps(), nginx.max.rps(), 100 * throughputRatio,
                throughputRatio >= 0.80 ? "yes" : "no"));
        md.append(String.format("| gateway max req/s vs upstream direct | %,.0f | %,.0f | %.1f %% | - | - |%n",
                gw.max.rps(), direct.max.rps(), 100 * gw.max.rps() / direct.max.rps()));
        md.append(String.format("| added p99 at %,d req/s (ms, over direct) | %+.3f | nginx %+.3f | - | < 1 ms | %s |%n",
                rate, addedP99, nginxAddedP99, addedP99 < 1.0 ? "yes" : "no"));
        md.append(String.format("| added p50 at %,d req/s (ms, over direct) | %+.3f | nginx %+.3f | - | - | - |%n%n",
                rate, addedP50, nginxAddedP50));
        md.append(String.format("Failed requests: direct %d, nginx %d, gateway %d (every 50th gateway answer's "
                + "signature verified by the client).%n%n", direct.max.failed + direct.paced.failed,
                nginx.max.failed + nginx.paced.failed, gw.max.failed + gw.paced.failed
                        + curve.stream().mapToLong(c -> c.phase.failed).sum()));
        md.append("| target | max req/s | p50 / p99 ms (closed loop) | at " + String.format("%,d", rate)
                + "/s p50 / p99 / p99.9 ms |\n| --- | ---: | --- | --- |\n");
        for (Result r : results) {
            md.append(String.format("| %s | %,.0f | %.2f / %.2f | %.2f / %.2f / %.2f |%n", r.target.name, r.max.rps(),
                    r.max.p50, r.max.p99, r.paced.p50, r.paced.p99, r.paced.p999));
        }
        md.append("\nLoad curve (gateway, open loop, latency from each request's scheduled time):\n\n");
        md.append("| offered | req/s offered | achieved req/s | p50 ms | p99 ms | gateway CPU (% of one core) |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (CurvePoint c : curve) {
            md.append(String.format("| %d %% of peak | %,d | %,.0f | %.2f | %.2f | %.0f %% |%n", c.percent, c.offered,
                    c.phase.rps(), c.phase.p50, c.phase.p99, c.phase.cpuPercentOfCore.getOrDefault("gateway", 0.0)));
        }
        md.append(String.format("%nMemory: gateway peak RSS during the maximum-throughput phase %.0f MiB; JVM flags: `%s`.%n%n",
                peakRss / 1048576.0, String.join(" ", gatewayJvmFlags)));
        Map<String, Double> perK = gw.max.cpuMsPerK;
        double total = perK.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder parts = new StringBuilder();
        perK.forEach((name, ms) -> parts.append(parts.isEmpty() ? "" : ", ")
                .append(String.format("%s %.0f µs (%.0f %%)", name, ms, 100 * ms / total)));
        double coresBusy = gw.max.cpuPercentOfCore.values().stream().mapToDouble(Double::doubleValue).sum() / 100;
        double nginxPerK = nginx.max.cpuMsPerK.values().stream().mapToDouble(Double::doubleValue).sum();
        String largest = perK.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse("?");
        int cores = Runtime.getRuntime().availableProcessors();
        md.append(String.format("What limits it: CPU per request. At the gateway's maximum the measured processes used "
                + "%.1f of %d cores%s; CPU per request: %s = %.0f µs in all, against %.0f µs per request for nginx as "
                + "a proxy plus its load generator; the largest share is the %s's.%n", coresBusy, cores,
                coresBusy >= 0.8 * cores ? "" : " (other work on the machine took the rest: see the load average)",
                parts, total, nginxPerK, largest));
        md.append(String.format("%nInside the gateway at %,d req/s (its own timers, means over the paced phase): %s.%n",
                rate, timeInside));
        Files.createDirectories(reportFile.toAbsolutePath().getParent());
        Files.writeString(reportFile, md.toString());
    }

    // ---- the servers ----

    private Process startNginx(Path prefix, int upstreamPort, int proxyPort) throws IOException {
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("tmp"));
        String conf = """
                worker_processes 2;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                daemon off;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    keepalive_requests 1000000;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    upstream redeem {
                        server 127.0.0.1:%2$d;
                        keepalive 128;
                        keepalive_requests 1000000;
                    }
                    # the trivial upstream: a fixed redeem answer
                    server {
                        listen 127.0.0.1:%2$d;
                        location / { default_type application/json; return 200 '%4$s'; }
                    }
                    # nginx as a plain reverse proxy to it, with pooled keep-alive upstream connections
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://redeem;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                        }
                    }
                }
                """.formatted(prefix, upstreamPort, proxyPort, UPSTREAM_BODY);
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process nginx = new ProcessBuilder(nginxBinary, "-p", prefix.toString(), "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        awaitPort(upstreamPort, nginx);
        awaitPort(proxyPort, nginx);
        return nginx;
    }

    private Process startGateway(Path work, int port, int upstreamPort, KafkaProcess kafka, DatabaseSettings db,
            SelfSignedCertificate postgresCertificate) throws IOException {
        // The prod profile serves HTTPS only; nginx and the upstream are compared over plain HTTP, so the gateway
        // gets a throwaway certificate (to start as in production) and its plain port is enabled for the bench.
        SelfSignedCertificate certificate = SelfSignedCertificate.forLocalhost(work);
        // Fixed heap and the parallel collector: the live set is ~50 MB and young collections dominate; measured
        // against G1 at -Xmx512m (README, Performance), young pauses were shorter (median 3.4 vs 7.8 ms) and rarer.
        List<String> command = new ArrayList<>(List.of("java", "-Xms512m", "-Xmx512m", "-XX:+UseParallelGC",
                "-Dquarkus.profile=prod",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.ssl-port=" + Ports.freePort(),
                "-Dquarkus.http.insecure-requests=enabled", "-Dquarkus.otel.sdk.disabled=true",
                "-Dygg.rate-limit.enabled=false"));
        String extra = System.getProperty("bench.gateway-jvm-args", "").strip(); // e.g. a JFR recording
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        gatewayJvmFlags.addAll(command.subList(1, command.size()));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(work.resolve("gateway.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("YGG_TLS_CERT_FILE", certificate.certificate().toString());
        env.put("YGG_TLS_KEY_FILE", certificate.key().toString());
        env.put("YGG_API_KEYS", apiKey);
        env.put("YGG_SHARED_SECRETS", secret);
        env.put("YGG_UPSTREAM_URL", "http://127.0.0.1:" + upstreamPort);
        env.put("KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        if (postgresCertificate == null) {
            env.put("PG_JDBC_URL", db.jdbcUrl());
            env.put("PG_REACTIVE_URL", db.reactiveUrl());
        } else { // as deploy/k8s/base/ygg-hmac-gateway/configmap.yaml configures it
            String trusted = postgresCertificate.certificate().toString();
            env.put("PG_JDBC_URL", db.jdbcUrl() + "?sslmode=verify-full&sslrootcert=" + trusted);
            env.put("PG_REACTIVE_URL", db.reactiveUrl() + "?sslmode=verify-full");
            env.put("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM", "true");
            env.put("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS", trusted);
            env.put("QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM", "HTTPS");
        }
        env.put("PG_USER", db.user());
        env.put("PG_PASSWORD", db.password());
        return builder.start();
    }

    private static final java.util.regex.Pattern TIMER_LINE = java.util.regex.Pattern.compile(
            "^ygg_gateway_(requests|phase)_seconds_(count|sum)\\{(?:outcome|phase)=\"([^\"]+)\",?\\}\\s+(\\S+)$");

    /** count and sum (seconds) of the gateway's request and phase timers, from its Prometheus endpoint. */
    private static Map<String, double[]> gatewayTimers(int port) {
        Map<String, double[]> timers = new java.util.TreeMap<>();
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                java.util.regex.Matcher m = TIMER_LINE.matcher(line.strip());
                if (m.matches()) {
                    double[] countAndSum = timers.computeIfAbsent(m.group(3), k -> new double[2]);
                    countAndSum[m.group(2).equals("count") ? 0 : 1] = Double.parseDouble(m.group(4));
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("metrics not readable: " + e);
        }
        return timers;
    }

    private static String timeInside(Map<String, double[]> before, Map<String, double[]> after) {
        StringBuilder out = new StringBuilder();
        for (String name : new String[] {"ACCEPTED", "nonce-claim", "upstream"}) {
            double[] a = after.get(name);
            double[] b = before.getOrDefault(name, new double[2]);
            if (a == null || a[0] <= b[0]) {
                continue;
            }
            double meanMs = (a[1] - b[1]) / (a[0] - b[0]) * 1000;
            out.append(out.isEmpty() ? "" : ", ").append(name.equals("ACCEPTED") ? "whole request" : name)
                    .append(String.format(" %.3f ms", meanMs));
        }
        return out.isEmpty() ? "not measured" : out.toString();
    }

    private static void awaitReady(int port, Process process, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited; see " + log);
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the gateway did not become ready; see " + log);
    }

    private static void awaitPort(int port, Process process) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited at start; see its logs directory");
            }
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("nothing listens on " + port);
    }

    private static long nonceRows(DatabaseSettings db) {
        try (Connection c = PostgresServer.open(db); Statement s = c.createStatement();
                var rows = s.executeQuery("SELECT count(*) FROM ygg.request_nonce")) {
            rows.next();
            return rows.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    /** CPU time of each process and all its descendants (nginx workers, PostgreSQL backends). */
    private static Map<String, Long> cpuNanos(Map<String, ProcessHandle> processes) {
        Map<String, Long> cpu = new java.util.LinkedHashMap<>();
        processes.forEach((name, p) -> cpu.put(name, p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)
                + p.descendants().mapToLong(d -> d.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum()));
        return cpu;
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
