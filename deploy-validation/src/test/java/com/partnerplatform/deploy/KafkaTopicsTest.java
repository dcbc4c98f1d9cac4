package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.deploy.support.Kustomize;
import com.partnerplatform.deploy.support.Repo;
import com.partnerplatform.events.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Compose and Kubernetes create exactly the topics of com.partnerplatform.events.Topics, compacted where state. */
class KafkaTopicsTest {

    private static final Set<String> COMPACTED = Set.of(Topics.SIGNER_PUBLIC_KEYS, Topics.PRICING_FX_RATES);

    private static Set<String> declaredTopics() throws IllegalAccessException {
        Set<String> topics = new HashSet<>();
        for (Field f : Topics.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                topics.add((String) f.get(null));
            }
        }
        return topics;
    }

    @Test
    void composeInitCreatesEveryTopicCompactingTheStateTopics() throws Exception {
        String script = Repo.read("deploy/compose/kafka/create-topics.sh");
        Map<String, Boolean> created = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^create (\\S+)(.*)$").matcher(script);
        while (m.find()) {
            created.put(m.group(1), m.group(2).contains("cleanup.policy=compact"));
        }
        assertThat(created.keySet()).isEqualTo(declaredTopics());
        created.forEach((topic, compacted) -> assertThat(compacted).as(topic).isEqualTo(COMPACTED.contains(topic)));
    }

    @Test
    void kubernetesKafkaTopicsMatchTheTopicsClassWithProductionDurability() throws Exception {
        Map<String, JsonNode> topics = new HashMap<>();
        for (JsonNode t : Kustomize.build(Repo.path("deploy/k8s/kafka-topics"))) {
            assertThat(t.path("kind").asText()).isEqualTo("KafkaTopic");
            assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("partner-kafka");
            topics.put(t.path("spec").path("topicName").asText(), t.path("spec"));
        }
        assertThat(topics.keySet()).isEqualTo(declaredTopics());
        topics.forEach((name, spec) -> {
            assertThat(spec.path("replicas").asInt()).as(name).isGreaterThanOrEqualTo(3);
            assertThat(spec.path("config").path("min.insync.replicas").asText()).as(name).isEqualTo("2");
            assertThat(spec.path("config").path("cleanup.policy").asText()).as(name)
                    .isEqualTo(COMPACTED.contains(name) ? "compact" : "delete");
        });
        // the signer group cannot use more replicas than request partitions
        int partitions = topics.get(Topics.QUOTE_SIGNING_REQUESTS).path("partitions").asInt();
        assertThat(Overlays.render("prod").stream()
                .filter(r -> r.path("kind").asText().equals("Deployment")
                        && r.path("metadata").path("name").asText().equals("signer-service"))
                .findFirst().orElseThrow().path("spec").path("replicas").asInt()).isLessThanOrEqualTo(partitions);
    }
}
