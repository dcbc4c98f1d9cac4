package com.partnerplatform.webhook.testing;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.partnerplatform.testsupport.DatabaseSettings;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a process of its own,
 * started the way the local platform launcher starts it (dev profile, settings in the environment),
 * so that it can be killed with SIGKILL.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Path jar;
    private final String profile;
    private final int port;
    private final URI readiness;
    private final HttpClient readinessClient;
    private final Map<String, String> environment;
    private final Path log;
    private final List<String> jvmOptions;
    private Process process;

    /** As the local platform launcher runs it: dev profile, plain HTTP on {@code port}. */
    public ServiceProcess(Path jar, int port, String kafkaBootstrap, DatabaseSettings db, String secrets, Path log,
            List<String> jvmOptions) {
        this(jar, "dev", port, URI.create("http://127.0.0.1:" + port + "/q/health/ready"), HttpClient.newHttpClient(),
                environment(kafkaBootstrap, db, secrets), log, jvmOptions);
    }

    /**
     * @param readiness the URI polled until it answers 200
     * @param readinessClient the client to poll it with (e.g. one trusting a test certificate)
     */
    public ServiceProcess(Path jar, String profile, int port, URI readiness, HttpClient readinessClient,
            Map<String, String> environment, Path log, List<String> jvmOptions) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn package` for webhook-ingress first");
        }
        this.jar = jar;
        this.profile = profile;
        this.port = port;
        this.readiness = readiness;
        this.readinessClient = readinessClient;
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.environment = Map.copyOf(environment);
    }

    /** The environment the launcher gives the service. */
    public static Map<String, String> environment(String kafkaBootstrap, DatabaseSettings db, String secrets) {
        return Map.of("KAFKA_BOOTSTRAP", kafkaBootstrap, "PG_JDBC_URL", db.jdbcUrl(), "PG_REACTIVE_URL", db.reactiveUrl(),
                "PG_USER", db.user(), "PG_PASSWORD", db.password(), "YCMT_WEBHOOK_SECRETS", secrets);
    }

    /** The jar named by the {@code webhook.jar} system property (set by the build), else target/quarkus-app. */
    public static Path packagedJar() {
        return Path.of(System.getProperty("webhook.jar", "target/quarkus-app/quarkus-run.jar"));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/webhooks/ycmt");
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Starts the service and waits until it reports ready. */
    public synchronized void start(Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dquarkus.profile=" + profile);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            if (ready()) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("the service was not ready within " + timeout + "; see " + log);
    }

    private boolean ready() {
        try {
            return readinessClient.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no flush, nothing graceful. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
