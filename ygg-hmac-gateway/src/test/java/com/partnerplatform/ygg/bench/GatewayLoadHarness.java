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
 * <p>Properties: bench.seconds (15), bench.warmup (10), bench.concurrency (32), bench.rate (1000),
 * bench.client-threads (2), bench.jar (target/quarkus-app/quarkus-run.jar), bench.nginx (nginx),
 * bench.pg-durable (true), bench.gateway-jvm-args (extra JVM options, space-separated), bench.only (a target name part, e.g. {@code gateway}, to skip the others).
 */
public final class GatewayLoadHarness {

    private static final String PATH = "/api/v1/deduct-points-by-address";
    private static final String UPSTREAM_BODY = "{\"success\":true,\"partnerTransactionId\":\"ptx-bench-1\"}";
    private static final String REQUEST_BODY = "{\"address\":\"0x7a3b9c1d2e4f\",\"points\":1000}";

    private final int seconds = Integer.getInteger("bench.seconds", 15);
    private final int warmup = Integer.getInteger("bench.warmup", 10);
    private final int concurrency = Integer.getInteger("bench.concurrency", 32);
    private final int rate = Integer.getInteger("bench.rate", 1000);
    private final int clientThreads = Integer.getInteger("bench.client-threads", 2);
    private final Path jar = Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar"));
    private final String nginxBinary = System.getProperty("bench.nginx", "nginx");
    private final boolean durablePostgres = Boolean.parseBoolean(System.getProperty("bench.pg-durable", "true"));

    private final String apiKey = HexFormat.of().formatHex(random(24));
    private final String secret = HexFormat.of().formatHex(random(32));
    private final YggClient ygg = YggClient.create(apiKey, secret);

    public static void main(String[] args) throws Exception {
        new GatewayLoadHarness().run();
        System.exit(0);
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
            PostgresServer postgres = PostgresServer.dedicated(work.resolve("pg"));
            cleanup.add(postgres::stop);
            if (durablePostgres) {
                makeDurable(postgres.settings());
            }
            int upstreamPort = Ports.freePort();
            int proxyPort = Ports.freePort();
            Process nginx = startNginx(work.resolve("nginx"), upstreamPort, proxyPort);
            cleanup.add(() -> stop(nginx));
            int gatewayPort = Ports.freePort();
            Process gateway = startGateway(work, gatewayPort, upstreamPort, kafka, postgres.settings());
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
            for (Target target : targets) {
                if (only != null && !target.name.contains(only)) {
                    continue;
                }
                System.out.printf("%n== %s (127.0.0.1:%d)%n", target.name, target.port);
                closedLoop(vertx, client, target, warmup);
                Phase max = closedLoop(vertx, client, target, seconds);
                System.out.println("  max throughput: " + max);
                Phase paced = openLoop(vertx, client, target);
                System.out.println("  paced:          " + paced);
                results.add(new Result(target, max, paced));
            }
            if (results.size() == targets.size()) {
                report(results);
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
            double serverCpuMsPerK, double clientCpuMsPerK, String breakdown) {
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

    private Phase openLoop(Vertx vertx, io.vertx.core.http.HttpClient client, Target target) throws Exception {
        Recorder recorder = new Recorder();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        long total = (long) rate * seconds;
        long interval = 1_000_000_000L / rate;
        Map<String, Long> cpuBefore = cpuNanos(target.servers);
        long clientCpuBefore = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
        Context context = vertx.getOrCreateContext();
        long start = System.nanoTime();
        context.runOnContext(ignored -> {
            long[] issued = {0};
            long[] completed = {0};
            vertx.setPeriodic(1, timer -> {
                long due = Math.min(total, (System.nanoTime() - start) / interval + 1);
                while (issued[0] < due) {
                    long scheduled = start + issued[0] * interval;
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
        finished.get(seconds + 60L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return phase(List.of(recorder), elapsed, cpuBefore, cpuNanos(target.servers),
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
        for (Map.Entry<String, Long> after : cpuAfter.entrySet()) {
            long spent = after.getValue() - cpuBefore.get(after.getKey());
            serverCpu += spent;
            breakdown.append(breakdown.isEmpty() ? "" : ", ").append(after.getKey())
                    .append(String.format(" %.0f", spent * perK));
        }
        return new Phase(n - failed, failed, seconds, pct(all, 0.50), pct(all, 0.99), pct(all, 0.999),
                n == 0 ? 0 : all[n - 1] / 1e6, serverCpu * perK, clientCpu * perK, breakdown.toString());
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

    private Process startGateway(Path work, int port, int upstreamPort, KafkaProcess kafka, DatabaseSettings db)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-Dquarkus.profile=prod",
                "-Dquarkus.http.port=" + port, "-Dquarkus.otel.sdk.disabled=true", "-Dygg.rate-limit.enabled=false"));
        String extra = System.getProperty("bench.gateway-jvm-args", "").strip(); // e.g. a JFR recording
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(work.resolve("gateway.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("YGG_API_KEYS", apiKey);
        env.put("YGG_SHARED_SECRETS", secret);
        env.put("YGG_UPSTREAM_URL", "http://127.0.0.1:" + upstreamPort);
        env.put("KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("PG_JDBC_URL", db.jdbcUrl());
        env.put("PG_REACTIVE_URL", db.reactiveUrl());
        env.put("PG_USER", db.user());
        env.put("PG_PASSWORD", db.password());
        return builder.start();
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

    /** The embedded server starts with fsync and synchronous_commit off; the gateway's inserts must pay for both. */
    private static void makeDurable(DatabaseSettings db) throws Exception {
        try (Connection c = PostgresServer.open(db); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET fsync = on");
            s.execute("ALTER SYSTEM SET synchronous_commit = on");
            s.execute("SELECT pg_reload_conf()");
        }
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
