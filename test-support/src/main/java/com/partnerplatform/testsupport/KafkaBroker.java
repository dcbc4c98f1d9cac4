package com.partnerplatform.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One real Apache Kafka broker (KRaft, combined broker+controller) per test JVM, shared by every
 * test class. {@code KAFKA_BOOTSTRAP} replaces it with an external broker.
 *
 * <p>Quarkus loads test resources in more than one class loader, so the running broker's address
 * is kept in a JVM-wide system property: whichever loader asks second reuses the first broker.
 */
public final class KafkaBroker {

    static final String BOOTSTRAP_PROPERTY = "testsupport.kafka.bootstrap";
    private static KafkaClusterTestKit cluster;

    private KafkaBroker() {
    }

    /** The bootstrap servers of the shared broker, starting it on first use. */
    public static synchronized String bootstrapServers() {
        String external = System.getenv("KAFKA_BOOTSTRAP");
        if (external != null && !external.isBlank()) {
            return external;
        }
        String running = System.getProperty(BOOTSTRAP_PROPERTY);
        if (running != null) {
            return running;
        }
        try {
            Path dir = Files.createTempDirectory("kafka-test-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dir)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024))
                    .setDeleteOnClose(true)
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            String bootstrap = cluster.bootstrapServers();
            System.setProperty(BOOTSTRAP_PROPERTY, bootstrap);
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::closeQuietly, "kafka-test-broker-stop"));
            return bootstrap;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
        }
    }

    private static void closeQuietly() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception ignored) {
            // the JVM is exiting; the temp directory is deleted with the cluster
        }
    }
}
