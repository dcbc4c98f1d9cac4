package com.partnerplatform.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kustomize renderer for the subset of kustomization.yaml the deploy/ tree uses, so that overlays are built
 * and checked on machines without kustomize: resources (files and directories), configMapGenerator (without
 * name hash), patches (strategic merge or JSON 6902, by path or inline, with a kind/name target), namespace,
 * labels (without selectors), replicas and images. Transformers run in kustomize's order: patches, namespace,
 * labels, replicas, images. Anything else in a kustomization is refused, never silently ignored; where kubectl
 * exists, {@code OverlayRenderingTest} proves the output equal to kubectl kustomize's.
 */
public final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "labels",
            "images", "patches", "replicas", "configMapGenerator", "generatorOptions");

    /** Kinds the namespace transformer leaves alone. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ClusterSecretStore",
            "ClusterIssuer", "APIService");

    private static final Set<String> TEMPLATED = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

    private Kustomize() {
    }

    public static List<ObjectNode> build(Path dir) {
        Path file = kustomizationFile(dir);
        ObjectNode k = Yaml.object(Yaml.single(file), file.toString());
        k.fieldNames().forEachRemaining(f -> {
            if (!SUPPORTED.contains(f)) {
                throw new UnsupportedOperationException(file + ": kustomization field '" + f + "' is not supported");
            }
        });

        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                resources.addAll(build(p));
            } else {
                for (JsonNode doc : Yaml.documents(p)) {
                    resources.add(Yaml.object(doc, p.toString()));
                }
            }
        }
        resources.addAll(generateConfigMaps(dir, k, file));

        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, patch, resources, file);
        }
        if (k.has("namespace")) {
            String ns = k.get("namespace").asText();
            for (ObjectNode r : resources) {
                if (!CLUSTER_SCOPED.contains(Resources.kind(r))) {
                    metadata(r).put("namespace", ns);
                }
            }
        }
        for (JsonNode entry : k.path("labels")) {
            applyLabels(entry, resources, file);
        }
        for (JsonNode replica : k.path("replicas")) {
            applyReplicas(replica, resources, file);
        }
        for (JsonNode image : k.path("images")) {
            for (ObjectNode r : resources) {
                rewriteImages(r, image);
            }
        }
        return resources;
    }

    private static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new IllegalArgumentException("no kustomization in " + dir);
    }

    private static ObjectNode metadata(ObjectNode r) {
        return r.has("metadata") ? (ObjectNode) r.get("metadata") : r.putObject("metadata");
    }

    private static List<ObjectNode> generateConfigMaps(Path dir, ObjectNode k, Path file) {
        List<ObjectNode> generated = new ArrayList<>();
        if (!k.path("configMapGenerator").isArray()) {
            return generated;
        }
        if (!k.path("generatorOptions").path("disableNameSuffixHash").asBoolean(false)) {
            throw new UnsupportedOperationException(file + ": configMapGenerator needs disableNameSuffixHash: true here");
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            ObjectNode cm = JsonNodeFactory.instance.objectNode();
            cm.put("apiVersion", "v1");
            cm.put("kind", "ConfigMap");
            cm.putObject("metadata").put("name", g.path("name").asText());
            ObjectNode data = cm.putObject("data");
            for (JsonNode f : g.path("files")) {
                String spec = f.asText();
                String key = spec.contains("=") ? spec.substring(0, spec.indexOf('=')) : Path.of(spec).getFileName().toString();
                String source = spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec;
                data.put(key, Repo.read(dir.resolve(source)));
            }
            for (JsonNode l : g.path("literals")) {
                String s = l.asText();
                data.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
            }
            generated.add(cm);
        }
        return generated;
    }

    private static void applyPatch(Path dir, JsonNode entry, List<ObjectNode> resources, Path file) {
        String origin = file + " patch " + (entry.has("path") ? entry.get("path").asText() : "(inline)");
        String text = entry.has("path") ? Repo.read(dir.resolve(entry.get("path").asText())) : entry.path("patch").asText();
        List<JsonNode> docs = Yaml.documents(text, origin);
        if (docs.size() != 1) {
            throw new UnsupportedOperationException(origin + ": one patch per entry, found " + docs.size());
        }
        JsonNode patch = docs.get(0);
        JsonNode target = entry.path("target");
        if (patch.isArray()) {
            if (target.isMissingNode()) {
                throw new IllegalArgumentException(origin + ": a JSON 6902 patch needs a target");
            }
            List<ObjectNode> matched = matching(resources, target);
            if (matched.isEmpty()) {
                throw new IllegalArgumentException(origin + ": target " + target + " matches no resource");
            }
            for (ObjectNode r : matched) {
                JsonPatch.apply(r, patch, origin);
            }
        } else {
            List<ObjectNode> matched;
            if (target.isMissingNode()) {
                String kind = patch.path("kind").asText();
                String name = patch.path("metadata").path("name").asText();
                matched = resources.stream()
                        .filter(r -> kind.equals(Resources.kind(r)) && name.equals(Resources.name(r))).toList();
                if (matched.size() != 1) {
                    throw new IllegalArgumentException(origin + ": " + kind + "/" + name + " matches " + matched.size()
                            + " resources, expected exactly one");
                }
            } else {
                matched = matching(resources, target);
            }
            for (ObjectNode r : matched) {
                ObjectNode body = patch.deepCopy();
                // The patch's own identity never renames the target.
                body.remove("apiVersion");
                body.remove("kind");
                if (body.path("metadata") instanceof ObjectNode m) {
                    m.remove("name");
                    m.remove("namespace");
                }
                StrategicMerge.apply(r, body, origin);
            }
        }
    }

    private static List<ObjectNode> matching(List<ObjectNode> resources, JsonNode target) {
        Set<String> supported = Set.of("kind", "name", "namespace");
        target.fieldNames().forEachRemaining(f -> {
            if (!supported.contains(f)) {
                throw new UnsupportedOperationException("patch target field '" + f + "' is not supported");
            }
        });
        return resources.stream()
                .filter(r -> !target.has("kind") || Pattern.matches(target.get("kind").asText(), Resources.kind(r)))
                .filter(r -> !target.has("name") || Pattern.matches(target.get("name").asText(), Resources.name(r)))
                .filter(r -> !target.has("namespace")
                        || Pattern.matches(target.get("namespace").asText(), Resources.namespace(r)))
                .toList();
    }

    private static void applyLabels(JsonNode entry, List<ObjectNode> resources, Path file) {
        if (entry.path("includeSelectors").asBoolean(false)) {
            throw new UnsupportedOperationException(file + ": labels with includeSelectors are not supported");
        }
        boolean templates = entry.path("includeTemplates").asBoolean(false);
        for (ObjectNode r : resources) {
            ObjectNode labels = objectAt(metadata(r), "labels");
            putAll(labels, entry.path("pairs"));
            if (templates && TEMPLATED.contains(Resources.kind(r))) {
                ObjectNode template = objectAt(objectAt(r, "spec"), "template");
                putAll(objectAt(objectAt(template, "metadata"), "labels"), entry.path("pairs"));
            } else if (templates && "CronJob".equals(Resources.kind(r))) {
                ObjectNode template = objectAt(objectAt(objectAt(objectAt(r, "spec"), "jobTemplate"), "spec"), "template");
                putAll(objectAt(objectAt(template, "metadata"), "labels"), entry.path("pairs"));
            }
        }
    }

    private static ObjectNode objectAt(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static void putAll(ObjectNode target, JsonNode pairs) {
        Iterator<Map.Entry<String, JsonNode>> it = pairs.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            target.put(e.getKey(), e.getValue().asText());
        }
    }

    private static void applyReplicas(JsonNode replica, List<ObjectNode> resources, Path file) {
        String name = replica.path("name").asText();
        List<ObjectNode> matched = resources.stream()
                .filter(r -> Set.of("Deployment", "StatefulSet", "ReplicaSet").contains(Resources.kind(r)))
                .filter(r -> name.equals(Resources.name(r))).toList();
        if (matched.isEmpty()) {
            throw new IllegalArgumentException(file + ": replicas for unknown workload " + name);
        }
        matched.forEach(r -> objectAt(r, "spec").put("replicas", replica.path("count").asInt()));
    }

    private static void rewriteImages(JsonNode node, JsonNode image) {
        if (node instanceof ObjectNode o) {
            for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
                if (o.get(list) instanceof ArrayNode containers) {
                    for (JsonNode c : containers) {
                        if (c instanceof ObjectNode container && container.has("image")) {
                            container.put("image", rewrite(container.get("image").asText(), image));
                        }
                    }
                }
            }
            o.elements().forEachRemaining(child -> rewriteImages(child, image));
        } else if (node instanceof ArrayNode a) {
            a.forEach(child -> rewriteImages(child, image));
        }
    }

    static String rewrite(String current, JsonNode image) {
        String name = current;
        String tag = null;
        String digest = null;
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at + 1);
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        if (!name.equals(image.path("name").asText())) {
            return current;
        }
        if (image.has("newName")) {
            name = image.get("newName").asText();
        }
        if (image.has("digest")) {
            return name + "@" + image.get("digest").asText();
        }
        if (image.has("newTag")) {
            return name + ":" + image.get("newTag").asText();
        }
        return name + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
