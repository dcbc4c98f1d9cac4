package com.partnerplatform.quote.support;

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

import com.partnerplatform.testsupport.KafkaBroker;
import com.partnerplatform.testsupport.Ports;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The REAL signer-service for the module's tests: its packaged jar (built first by the reactor
 * through the test-scoped dependency) runs as a child process with dev custody
 * ({@code -Dquarkus.profile=dev}) on the test broker and a random HTTP port. Tests can stop it (an
 * outage) and start it again, and call its admin API (key rotation) with {@link #ADMIN_TOKEN}.
 *
 * <p>Set {@code -Dtest.signer=dev} to use an in-JVM stand-in instead (only while the signer
 * jar cannot be built).
 */
public class SignerResource implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN_TOKEN = "signer-test-admin-token-0123456789abcdef";
    static final Path JAR = Path.of(System.getProperty("signer.jar", "../signer-service/target/quarkus-app/quarkus-run.jar"));
    private static final Path LOG = Path.of("target", "signer-service.log");

    private static Process process;
    private static int port;
    private static DevReplier devReplier;

    @Override
    public synchronized Map<String, String> start() {
        if ("dev".equals(System.getProperty("test.signer"))) {
            devReplier = new DevReplier(KafkaBroker.bootstrapServers());
            devReplier.start();
            return Map.of();
        }
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("signer-service jar not found at " + JAR.toAbsolutePath()
                    + "; build it with: mvn -pl signer-service package -DskipTests");
        }
        port = Ports.freePort();
        startSigner();
        return Map.of();
    }

    /** Starts the signer process and waits until it reports ready. */
    public static synchronized void startSigner() {
        if ("dev".equals(System.getProperty("test.signer"))) {
            if (devReplier == null) {
                devReplier = new DevReplier(KafkaBroker.bootstrapServers());
                devReplier.start();
            }
            return;
        }
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.profile=dev", "-Dquarkus.http.port=" + port,
                "-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
        builder.environment().put("KAFKA_BOOTSTRAP", KafkaBroker.bootstrapServers());
        builder.environment().put("SIGNER_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("OTEL_SDK_DISABLED", "true");
        try {
            Files.createDirectories(LOG.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofSeconds(90));
    }

    /** Stops the signer (SIGTERM) and waits for it to exit: requests then get no reply. */
    public static synchronized void stopSigner() {
        if (devReplier != null) {
            devReplier.close();
            devReplier = null;
        }
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public static boolean isDevStandIn() {
        return "dev".equals(System.getProperty("test.signer"));
    }

    /** The signer's base URL (its admin API). */
    public static String url() {
        return "http://localhost:" + port;
    }

    private static void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("signer-service exited with " + process.exitValue() + "; see " + LOG.toAbsolutePath());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("signer-service not ready within " + timeout + "; see " + LOG.toAbsolutePath());
    }

    @Override
    public synchronized void stop() {
        stopSigner();
    }
}
