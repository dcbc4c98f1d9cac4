package com.partnerplatform.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Small accessors over rendered Kubernetes resources (Jackson trees). */
public final class Resources {

    public static final Set<String> WORKLOAD_KINDS =
            Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod");

    private Resources() {
    }

    public static String kind(JsonNode r) {
        return r.path("kind").asText("");
    }

    public static String name(JsonNode r) {
        return r.path("metadata").path("name").asText("");
    }

    public static String namespace(JsonNode r) {
        return r.path("metadata").path("namespace").asText("");
    }

    public static String id(JsonNode r) {
        String ns = namespace(r);
        return kind(r) + "/" + (ns.isEmpty() ? "" : ns + "/") + name(r);
    }

    public static List<JsonNode> ofKind(List<? extends JsonNode> resources, String kind) {
        return resources.stream().filter(r -> kind.equals(kind(r))).map(r -> (JsonNode) r).toList();
    }

    public static JsonNode get(List<? extends JsonNode> resources, String kind, String name) {
        return find(resources, kind, name)
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    public static Optional<JsonNode> find(List<? extends JsonNode> resources, String kind, String name) {
        return resources.stream().filter(r -> kind.equals(kind(r)) && name.equals(name(r)))
                .map(r -> (JsonNode) r).findFirst();
    }

    /** The pod template (metadata + spec) of a workload, or the Pod itself. */
    public static JsonNode podTemplate(JsonNode workload) {
        return switch (kind(workload)) {
            case "Pod" -> workload;
            case "CronJob" -> workload.path("spec").path("jobTemplate").path("spec").path("template");
            default -> workload.path("spec").path("template");
        };
    }

    /** containers and initContainers of a pod spec. */
    public static List<JsonNode> containers(JsonNode podSpec) {
        List<JsonNode> all = new ArrayList<>();
        podSpec.path("initContainers").forEach(all::add);
        podSpec.path("containers").forEach(all::add);
        return all;
    }

    /** true when every matchLabels entry of the selector is among the labels (matchExpressions unsupported: false). */
    public static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.has("matchExpressions") && selector.path("matchExpressions").size() > 0) {
            return false;
        }
        var it = selector.path("matchLabels").fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isEmptySelector(JsonNode selector) {
        return selector.path("matchLabels").size() == 0 && selector.path("matchExpressions").size() == 0;
    }
}
