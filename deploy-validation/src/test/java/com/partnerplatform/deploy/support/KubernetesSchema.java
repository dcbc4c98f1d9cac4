package com.partnerplatform.deploy.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.util.Map;
import java.util.Optional;

/**
 * Binds built-in Kubernetes kinds to the Fabric8 model classes with unknown fields refused: the models collect
 * unknown fields in an "additionalProperties" any-setter, which this mapper switches off, so a misspelled or
 * misplaced field (readinesProbe, a probe under the pod instead of the container) fails like the API server's
 * strict field validation would.
 */
public final class KubernetesSchema {

    private static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class));

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            });

    private KubernetesSchema() {
    }

    public static boolean knows(JsonNode resource) {
        return KINDS.containsKey(key(resource));
    }

    /** Empty when the resource binds strictly; otherwise the reason. Unknown kinds (CRDs) are not checked here. */
    public static Optional<String> validate(JsonNode resource) {
        Class<?> type = KINDS.get(key(resource));
        if (type == null) {
            return Optional.empty();
        }
        try {
            STRICT.treeToValue(resource, type);
            return Optional.empty();
        } catch (Exception e) {
            String message = e.getMessage();
            int cut = message.indexOf(" (class ");
            return Optional.of(cut > 0 ? message.substring(0, cut) : message);
        }
    }

    private static String key(JsonNode r) {
        return r.path("apiVersion").asText() + "/" + r.path("kind").asText();
    }
}
