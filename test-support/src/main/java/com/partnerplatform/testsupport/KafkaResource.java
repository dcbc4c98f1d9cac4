package com.partnerplatform.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test at the shared real Kafka broker ({@link KafkaBroker}).
 * Use with {@code @QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)}
 * or {@code @WithTestResource}.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = KafkaBroker.bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; closed by the JVM's shutdown hook
    }
}
