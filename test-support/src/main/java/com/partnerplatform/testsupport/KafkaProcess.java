package com.partnerplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller on 127.0.0.1) in a JVM of its
 * own, with its data on disk: it can be stopped, killed with SIGKILL and started again on the same
 * port with the same data. Used by the local platform launcher and by fault-injection tests.
 */
public final class KafkaProcess implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final String heap;
    private Process process;

    /**
     * @param dataDirectory where the broker keeps its log and config (created if missing)
     * @param port client port; 0 picks a free one
     * @param classpath a classpath holding {@code kafka_2.13} and its dependencies
     * @param heap the broker JVM's {@code -Xmx}, e.g. {@code 512m}
     */
    public KafkaProcess(Path dataDirectory, int port, String classpath, String heap) {
        this.dataDirectory = dataDirectory;
        this.port = port == 0 ? Ports.freePort() : port;
        this.controllerPort = Ports.freePort();
        this.classpath = classpath;
        this.heap = heap;
    }

    /** A broker on a free port with a temporary data directory, using this JVM's own classpath. */
    public static KafkaProcess temporary() {
        try {
            return new KafkaProcess(Files.createTempDirectory("kafka-process-"), 0,
                    System.getProperty("java.class.path"), "512m");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return dataDirectory.resolve("broker.log");
    }

    /** Starts the broker (formatting its storage the first time) and waits until it serves metadata. */
    public synchronized void start(Duration timeout) {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Path config = writeConfig();
            if (!Files.exists(dataDirectory.resolve("data").resolve("meta.properties"))) {
                runToCompletion(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                        "-c", config.toString(), "--ignore-formatted"), Duration.ofSeconds(60));
            }
            process = javaProcess(List.of("kafka.Kafka", config.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            awaitReady(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Kafka broker process", e);
        }
    }

    /** A clean shutdown (SIGTERM), waiting for the process to exit. */
    public synchronized void stop() {
        end(false);
    }

    /** SIGKILL: the broker dies at once, as in a crash. */
    public synchronized void kill() {
        end(true);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        stop();
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        ChildProcesses.end(process, forcibly, Duration.ofSeconds(60));
        process = null;
    }

    private Path writeConfig() throws IOException {
        Files.createDirectories(dataDirectory);
        Path config = dataDirectory.resolve("server.properties");
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dataDirectory.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.dedupe.buffer.size=2097152",
                "log.segment.bytes=16777216",
                "");
        Files.writeString(config, properties);
        return config;
    }

    private ProcessBuilder javaProcess(List<String> mainAndArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(classpath);
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("KAFKA_BOOTSTRAP");
        return builder;
    }

    private void runToCompletion(List<String> mainAndArgs, Duration timeout) throws IOException {
        Process tool = javaProcess(mainAndArgs).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
        try {
            if (!tool.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IllegalStateException("Kafka storage format failed; see " + logFile());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see " + logFile());
            }
            if (portOpen() && metadataServed()) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("the Kafka broker did not become ready within " + timeout + "; see " + logFile());
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean metadataServed() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(),
                "request.timeout.ms", "3000", "default.api.timeout.ms", "5000"))) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
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
