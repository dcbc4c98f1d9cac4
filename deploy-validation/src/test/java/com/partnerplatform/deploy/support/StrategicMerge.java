package com.partnerplatform.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Kubernetes strategic merge patch, for the list types the deploy manifests patch: objects merge key by key,
 * null deletes, lists with a patch merge key (containers, env, volumes, ...) merge element by element,
 * every other list is replaced. Directives ($patch, $setElementOrder, ...) are refused rather than ignored.
 */
public final class StrategicMerge {

    private StrategicMerge() {
    }

    public static void apply(ObjectNode target, JsonNode patch, String origin) {
        merge(target, patch, "", origin);
    }

    private static void merge(ObjectNode target, JsonNode patch, String path, String origin) {
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            JsonNode value = e.getValue();
            if (field.startsWith("$")) {
                throw new IllegalArgumentException(origin + ": strategic-merge directive " + field + " is not supported");
            }
            String childPath = path + "/" + field;
            JsonNode existing = target.get(field);
            if (value.isNull()) {
                target.remove(field);
            } else if (existing instanceof ObjectNode eo && value.isObject()) {
                merge(eo, value, childPath, origin);
            } else if (existing instanceof ArrayNode ea && value.isArray()) {
                String key = mergeKey(childPath);
                if (key == null) {
                    target.set(field, value.deepCopy());
                } else {
                    mergeList(ea, (ArrayNode) value, key, childPath, origin);
                }
            } else {
                target.set(field, value.deepCopy());
            }
        }
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key, String path, String origin) {
        for (JsonNode element : patch) {
            JsonNode id = element.get(key);
            if (id == null) {
                throw new IllegalArgumentException(origin + ": element of " + path + " without merge key " + key);
            }
            ObjectNode match = null;
            for (JsonNode candidate : target) {
                if (id.equals(candidate.get(key))) {
                    match = (ObjectNode) candidate;
                    break;
                }
            }
            if (match == null) {
                target.add(element.deepCopy());
            } else {
                merge(match, element, path + "[" + id.asText() + "]", origin);
            }
        }
    }

    /** The patchMergeKey of the Kubernetes API types at this path (null: the list is atomic, replaced). */
    static String mergeKey(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        boolean inContainer = path.matches(".*/(containers|initContainers|ephemeralContainers)\\[[^]]*]/[^/]+$");
        return switch (last) {
            case "containers", "initContainers", "ephemeralContainers", "volumes", "imagePullSecrets" -> "name";
            case "env" -> inContainer ? "name" : null;
            case "volumeMounts" -> inContainer ? "mountPath" : null;
            case "ports" -> inContainer ? "containerPort" : path.equals("/spec/ports") ? "port" : null;
            case "topologySpreadConstraints" -> "topologyKey";
            default -> null;
        };
    }
}
