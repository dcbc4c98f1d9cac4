package com.partnerplatform.quote.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.partnerplatform.events.Topics;
import com.partnerplatform.quote.quote.QuoteConfig;

import io.quarkus.runtime.StartupEvent;

/**
 * Makes sure the topics this service uses exist with the right cleanup policy before traffic:
 * the key and rate topics must be compacted (a topic auto-created with the delete policy would
 * silently lose signing keys after its retention), and the reply topic must exist before the
 * reply consumer starts at its end, or the first replies would be missed. Our consumers never
 * auto-create topics. Where the platform owns topic creation, turn this off
 * ({@code quote.kafka.ensure-topics=false}); a creation refused by ACLs is logged, not fatal.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    void onStart(@Observes StartupEvent event, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            QuoteConfig config) {
        if (!config.kafka().ensureTopics()) {
            return;
        }
        int partitions = config.kafka().partitions();
        Map<String, Boolean> wanted = Map.of(
                Topics.QUOTE_SIGNING_REQUESTS, false,
                Topics.QUOTE_SIGNING_REPLIES, false,
                Topics.QUOTE_EVENTS, false,
                Topics.SIGNER_PUBLIC_KEYS, true,
                Topics.PRICING_FX_RATES, true);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            wanted.forEach((topic, compacted) -> {
                if (!existing.contains(topic)) {
                    NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty());
                    if (compacted) {
                        newTopic.configs(Map.of("cleanup.policy", "compact"));
                    }
                    missing.add(newTopic);
                }
            });
            if (!missing.isEmpty()) {
                admin.createTopics(missing).values().forEach((topic, result) -> {
                    try {
                        result.get(15, TimeUnit.SECONDS);
                        LOG.infof("created topic %s", topic);
                    } catch (Exception e) {
                        LOG.warnf("topic %s not created (%s); expecting the platform to provide it", topic,
                                e.getCause() == null ? e.getClass().getSimpleName() : e.getCause().getClass().getSimpleName());
                    }
                });
            }
        } catch (Exception e) {
            LOG.warnf(e, "could not check Kafka topics at start; continuing");
        }
    }
}
