package com.partnerplatform.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.partnerplatform.testsupport.DatabaseSettings;
import com.partnerplatform.testsupport.KafkaProcess;
import com.partnerplatform.testsupport.PostgresServer;

/**
 * Starts the whole platform on this machine with embedded defaults: a Kafka broker JVM, an
 * embedded PostgreSQL and every service as its packaged jar; waits for health, prints the URLs,
 * runs the demo, and stops everything on Ctrl-C, on {@code stop}, or at once with {@code --check}.
 */
public final class Platform {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final Layout layout;
    private final ProcessTable pids;
    private final List<ServiceProcess> services = new ArrayList<>();
    private KafkaProcess kafka;
    private PostgresServer postgres;
    private Demo demo;

    private Platform(Layout layout) {
        this.layout = layout;
        this.pids = new ProcessTable(layout.pids());
    }

    public static void main(String[] args) {
        Layout layout = new Layout(Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize());
        String command = args.length == 0 || args[0].startsWith("--") ? "up" : args[0];
        boolean check = Arrays.asList(args).contains("--check");
        int exit = switch (command) {
            case "up" -> new Platform(layout).up(check);
            case "stop" -> stop(layout);
            case "status" -> status(layout);
            default -> {
                System.err.println("usage: ./platform [up] [--check] | stop | status");
                yield 2;
            }
        };
        System.exit(exit);
    }

    private int up(boolean check) {
        Map<String, Long> running = ProcessTable.read(layout.pids()).alive();
        if (!running.isEmpty()) {
            System.err.println("the platform is already running (" + running.keySet() + "); run ./platform stop first");
            return 1;
        }
        layout.create();
        Thread stopper = new Thread(this::stopAll, "platform-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        long started = System.nanoTime();
        try {
            pids.record("launcher", ProcessHandle.current().pid());
            startInfrastructure();
            demo = new Demo(layout);
            startServices();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            printSummary(elapsed);
            boolean demoPassed = demo.run(services, secrets(), kafka.bootstrapServers());
            if (check) {
                System.out.println(demoPassed ? "CHECK PASSED: every component healthy, every demo step passed"
                        : "CHECK FAILED: see the steps above");
                return demoPassed ? 0 : 1;
            }
            System.out.println("\nThe platform runs. Ctrl-C (or ./platform stop) stops it.");
            new CountDownLatch(1).await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            System.err.println("CHECK FAILED: " + e.getMessage());
            return 1;
        }
    }

    private void startInfrastructure() {
        int kafkaPort = intEnv("PLATFORM_KAFKA_PORT", 9092);
        int pgPort = intEnv("PLATFORM_PG_PORT", 55432);
        kafka = new KafkaProcess(layout.kafka(), kafkaPort, System.getProperty("java.class.path"), "512m");
        System.out.println("starting Kafka (KRaft) on 127.0.0.1:" + kafkaPort + " ...");
        kafka.start(Duration.ofSeconds(120));
        pids.record("kafka", kafka.pid());
        System.out.println("starting PostgreSQL on 127.0.0.1:" + pgPort + " ...");
        postgres = PostgresServer.dedicated(layout.postgres(), pgPort);
        pids.record("postgres", postgres.pid());
    }

    private void startServices() {
        DatabaseSettings db = postgres.settings();
        Map<String, String> env = new LinkedHashMap<>(secrets());
        env.put("KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("PG_JDBC_URL", db.jdbcUrl());
        env.put("PG_REACTIVE_URL", db.reactiveUrl());
        env.put("PG_USER", db.user());
        env.put("PG_PASSWORD", db.password());
        env.putAll(demo.environment());
        for (String[] service : new String[][] {
                {"signer-service", "8082"}, {"quote-service", "8081"},
                {"webhook-ingress", "8083"}, {"ygg-hmac-gateway", "8084"}}) {
            String module = service[0];
            services.add(new ServiceProcess(module, Integer.parseInt(service[1]), layout.serviceJar(module),
                    layout.logs().resolve(module + ".log"), env, "256m"));
        }
        System.out.println("starting " + services.size() + " services ...");
        for (ServiceProcess service : services) {
            service.start();
            pids.record(service.name, service.pid());
        }
        for (ServiceProcess service : services) {
            service.awaitReady(READY_TIMEOUT);
        }
    }

    private Map<String, String> secrets() {
        return DevSecrets.loadOrCreate(layout.secrets());
    }

    private void printSummary(Duration elapsed) {
        System.out.printf("%nThe platform is up in %.1f s (state in %s):%n", elapsed.toMillis() / 1000.0, layout.state());
        System.out.printf("  %-18s %-28s %8s %10s%n", "component", "address", "RSS MiB", "ready in s");
        System.out.printf("  %-18s %-28s %8s %10s%n", "kafka", kafka.bootstrapServers(), rssMiB(kafka.pid()), "");
        System.out.printf("  %-18s %-28s %8s %10s%n", "postgresql", postgres.settings().jdbcUrl().replace("jdbc:", ""),
                rssMiB(postgres.pid()), "");
        for (ServiceProcess service : services) {
            System.out.printf("  %-18s %-28s %8s %10.1f%n", service.name, service.url(), rssMiB(service.pid()),
                    service.startTime().toMillis() / 1000.0);
        }
        System.out.println("  logs: " + layout.logs() + "   secrets: " + layout.secrets() + " (mode 0600, not printed)");
    }

    /** Resident memory of a process from /proc, in MiB, or "?" where unknown. */
    static String rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.valueOf(kib / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a process that just exited or a non-Linux machine
        }
        return "?";
    }

    private synchronized void stopAll() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop();
        }
        if (demo != null) {
            demo.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        pids.delete();
    }

    private static int stop(Layout layout) {
        ProcessTable table = ProcessTable.read(layout.pids());
        Map<String, Long> alive = table.alive();
        if (alive.isEmpty()) {
            System.out.println("the platform is not running");
            table.delete();
            return 0;
        }
        // The launcher's shutdown hook stops the rest cleanly; anything still alive after that is ended.
        Long launcher = alive.get("launcher");
        if (launcher != null) {
            ProcessHandle.of(launcher).ifPresent(ProcessHandle::destroy);
            awaitExit(launcher, Duration.ofSeconds(90));
        }
        table.alive().forEach((name, pid) -> ProcessHandle.of(pid).ifPresent(handle -> {
            handle.destroy();
            awaitExit(pid, Duration.ofSeconds(20));
            handle.destroyForcibly();
            System.out.println("stopped " + name + " (pid " + pid + ")");
        }));
        table.delete();
        System.out.println("the platform is stopped");
        return 0;
    }

    private static int status(Layout layout) {
        Map<String, Long> alive = ProcessTable.read(layout.pids()).alive();
        if (alive.isEmpty()) {
            System.out.println("the platform is not running");
            return 1;
        }
        alive.forEach((name, pid) -> System.out.printf("  %-18s pid %-8d RSS %s MiB%n", name, pid, rssMiB(pid)));
        return 0;
    }

    private static void awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
