package com.partnerplatform.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import com.partnerplatform.testsupport.ChildProcesses;

/**
 * One service module run as its packaged Quarkus jar in a JVM of its own ({@code java
 * -Dquarkus.profile=dev -jar <module>/target/quarkus-app/quarkus-run.jar} by default). Its output
 * is appended to one log file across restarts, so that a test can read everything the service
 * ever printed. The configuration (environment, system properties, profile) is fixed before
 * {@link #start()} and reused by every restart.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Path jar;
    private final Path log;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private String heap = "256m";
    private String profile = "dev";
    private Process process;
    private long startedAtNanos;
    private Duration startTime;

    public ServiceProcess(String name, int port, Path jar, Path log) {
        this.name = name;
        this.port = port;
        this.jar = jar;
        this.log = log;
    }

    /** Adds environment variables of the service JVM (on top of this JVM's environment). */
    public ServiceProcess env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    public ServiceProcess env(String variable, String value) {
        env.put(variable, value);
        return this;
    }

    /** A {@code -Dname=value} option of the service JVM (Quarkus reads them as configuration). */
    public ServiceProcess systemProperty(String property, String value) {
        systemProperties.put(property, value);
        return this;
    }

    /** The Quarkus profile ({@code dev} unless set). */
    public ServiceProcess profile(String quarkusProfile) {
        this.profile = quarkusProfile;
        return this;
    }

    /** A JVM option such as {@code -XX:TieredStopAtLevel=1}. */
    public ServiceProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public ServiceProcess heap(String maxHeap) {
        this.heap = maxHeap;
        return this;
    }

    /**
     * Starts the JVM and returns at once. The HTTP port is passed as {@code quarkus.http.port}
     * unless a system property already names one.
     */
    public synchronized void start() {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run ./platform, which builds first)");
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " already runs (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-Dquarkus.profile=" + profile));
        command.addAll(jvmOptions);
        if (!systemProperties.containsKey("quarkus.http.port")) {
            command.add("-Dquarkus.http.port=" + port);
        }
        systemProperties.forEach((property, value) -> command.add("-D" + property + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            startedAtNanos = System.nanoTime();
            startTime = null;
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200, or fails naming the log to read. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name + " exited with " + (current == null ? "?" : current.exitValue())
                        + "; see " + log);
            }
            if (readyStatus() == 200) {
                startTime = Duration.ofNanos(System.nanoTime() - startedAtNanos);
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** The HTTP status of {@code /q/health/ready}, or -1 when nothing answers. */
    public int readyStatus() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How long the last start took until ready, or null before it was. */
    public Duration startTime() {
        return startTime;
    }

    public Path log() {
        return log;
    }

    /** Waits for the process to end by itself; its exit code, or empty if it still runs after the timeout. */
    public OptionalInt awaitExit(Duration timeout) {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null) {
            return OptionalInt.empty();
        }
        try {
            return current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(current.exitValue())
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** A clean shutdown (SIGTERM), SIGKILL after 30 s. */
    public synchronized void stop() {
        end(false);
    }

    /** SIGKILL: the service dies at once, as in a crash (no shutdown hooks, nothing flushed). */
    public synchronized void kill() {
        end(true);
    }

    /** Starts again (after {@link #stop()} or {@link #kill()}) with the same configuration and waits until ready. */
    public void restart(Duration readyTimeout) {
        synchronized (this) {
            end(false);
            start();
        }
        awaitReady(readyTimeout);
    }

    private void end(boolean forcibly) {
        if (process == null || !process.isAlive()) {
            return;
        }
        ChildProcesses.end(process, forcibly, Duration.ofSeconds(30));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
