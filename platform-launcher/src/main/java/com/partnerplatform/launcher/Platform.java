package com.partnerplatform.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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
    private PlatformProcesses processes;
    private Demo demo;

    private Platform(Layout layout) {
        this.layout = layout;
        this.pids = new ProcessTable(layout.pids());
    }

    public static void main(String[] args) {
        // kafka-test-common-runtime (on this classpath through test-support) ships a log4j2.yaml that
        // Log4j would prefer to ours and that logs every library at INFO
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2.xml");
        }
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
            demo = new Demo(layout);
            processes = PlatformProcesses.builder(layout.root(), layout.state())
                    .kafkaPort(intEnv("PLATFORM_KAFKA_PORT", 9092))
                    .postgresPort(intEnv("PLATFORM_PG_PORT", 55432))
                    .allServices()
                    .fixedServicePorts()
                    .environment(secrets())
                    .environment(demo.environment())
                    .readyTimeout(READY_TIMEOUT)
                    .progress(System.out::println)
                    .onProcessStarted(pids::record)
                    .start();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            printSummary(elapsed);
            boolean demoPassed = demo.run(processes.services(), secrets(), processes.kafka().bootstrapServers());
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

    private Map<String, String> secrets() {
        return DevSecrets.loadOrCreate(layout.secrets());
    }

    private void printSummary(Duration elapsed) {
        KafkaProcess kafka = processes.kafka();
        PostgresServer postgres = processes.postgres();
        System.out.printf("%nThe platform is up in %.1f s (state in %s):%n", elapsed.toMillis() / 1000.0, layout.state());
        System.out.printf("  %-18s %-28s %8s %10s%n", "component", "address", "RSS MiB", "ready in s");
        System.out.printf("  %-18s %-28s %8s %10s%n", "kafka", kafka.bootstrapServers(), rssMiB(kafka.pid()), "");
        System.out.printf("  %-18s %-28s %8s %10s%n", "postgresql", postgres.settings().jdbcUrl().replace("jdbc:", ""),
                rssMiB(postgres.pid()), "");
        for (ServiceProcess service : processes.services()) {
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
        if (processes != null) {
            processes.close();
        }
        if (demo != null) {
            demo.close();
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
