package com.partnerplatform.ygg.testing;

import java.util.Map;

import com.partnerplatform.events.Topics;
import com.partnerplatform.testsupport.KafkaTestHelper;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Creates {@code ygg.redeem.audit} before the application starts, as deployments do
 * (deploy/k8s/kafka-topics), so the idempotent producer never races the broker's auto-creation.
 */
public class AuditTopicResource implements QuarkusTestResourceLifecycleManager {

    private static boolean created;

    @Override
    public Map<String, String> start() {
        synchronized (AuditTopicResource.class) {
            if (!created) {
                try (KafkaTestHelper kafka = KafkaTestHelper.onSharedBroker()) {
                    kafka.createTopic(Topics.YGG_REDEEM_AUDIT, 3, false);
                }
                created = true;
            }
        }
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
