package com.partnerplatform.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The deployment policy every rendered manifest set must satisfy. Returns violations rather than failing on the
 * first, so that a test can assert exactly which rule a bad manifest breaks.
 */
public final class PolicyChecker {

    private PolicyChecker() {
    }

    public static List<Violation> check(List<? extends JsonNode> resources) {
        List<Violation> v = new ArrayList<>();
        Set<String> workloadNamespaces = new LinkedHashSet<>();
        for (JsonNode r : resources) {
            String kind = Resources.kind(r);
            if (Resources.WORKLOAD_KINDS.contains(kind)) {
                workloadNamespaces.add(Resources.namespace(r));
                checkWorkload(r, resources, v);
            } else if ("Secret".equals(kind)) {
                if (r.path("data").size() > 0 || r.path("stringData").size() > 0) {
                    v.add(new Violation("secret.inline", Resources.id(r),
                            "Secret carries inline data; reference it (ExternalSecret / Vault) instead"));
                }
            } else if ("ConfigMap".equals(kind)) {
                r.path("data").fieldNames().forEachRemaining(key -> {
                    if (SecretNames.isSecret(key)) {
                        v.add(new Violation("secret.inConfigMap", Resources.id(r), "key " + key + " looks like a secret"));
                    }
                });
            } else if ("Service".equals(kind)) {
                String type = r.path("spec").path("type").asText("ClusterIP");
                if (!"ClusterIP".equals(type)) {
                    v.add(new Violation("exposure.serviceType", Resources.id(r),
                            "type " + type + " bypasses the TLS ingress"));
                }
            }
        }
        for (String ns : workloadNamespaces) {
            boolean defaultDeny = Resources.ofKind(resources, "NetworkPolicy").stream()
                    .filter(np -> ns.equals(Resources.namespace(np)))
                    .filter(np -> Resources.isEmptySelector(np.path("spec").path("podSelector")))
                    .anyMatch(np -> policyTypes(np).containsAll(Set.of("Ingress", "Egress"))
                            && np.path("spec").path("ingress").size() == 0
                            && np.path("spec").path("egress").size() == 0);
            if (!defaultDeny) {
                v.add(new Violation("network.defaultDeny", "Namespace/" + ns,
                        "no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)"));
            }
        }
        return v;
    }

    private static Set<String> policyTypes(JsonNode np) {
        Set<String> types = new LinkedHashSet<>();
        np.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
        return types;
    }

    private static void checkWorkload(JsonNode w, List<? extends JsonNode> all, List<Violation> v) {
        String id = Resources.id(w);
        JsonNode template = Resources.podTemplate(w);
        JsonNode pod = template.path("spec");
        JsonNode podSc = pod.path("securityContext");

        if (pod.path("hostNetwork").asBoolean(false) || pod.path("hostPID").asBoolean(false)
                || pod.path("hostIPC").asBoolean(false)) {
            v.add(new Violation("security.hostNamespaces", id, "shares a host namespace"));
        }
        if (pod.path("automountServiceAccountToken").asBoolean(true)) {
            v.add(new Violation("security.serviceAccountToken", id,
                    "automountServiceAccountToken is not false (no service needs the Kubernetes API)"));
        }

        for (JsonNode c : Resources.containers(pod)) {
            String cid = id + " container " + c.path("name").asText();
            boolean init = false;
            for (JsonNode ic : pod.path("initContainers")) {
                init |= ic == c;
            }
            JsonNode sc = c.path("securityContext");
            if (!init) {
                if (!c.path("livenessProbe").isObject()) {
                    v.add(new Violation("probes.liveness", cid, "no livenessProbe"));
                }
                if (!c.path("readinessProbe").isObject()) {
                    v.add(new Violation("probes.readiness", cid, "no readinessProbe"));
                }
            }
            JsonNode res = c.path("resources");
            for (String r : List.of("cpu", "memory")) {
                if (res.path("limits").path(r).isMissingNode()) {
                    v.add(new Violation("resources.limits", cid, "no " + r + " limit"));
                }
                if (res.path("requests").path(r).isMissingNode()) {
                    v.add(new Violation("resources.requests", cid, "no " + r + " request"));
                }
            }
            boolean nonRoot = sc.path("runAsNonRoot").asBoolean(podSc.path("runAsNonRoot").asBoolean(false));
            long uid = sc.path("runAsUser").asLong(podSc.path("runAsUser").asLong(-1));
            if (!nonRoot || uid == 0) {
                v.add(new Violation("security.runAsNonRoot", cid, "runAsNonRoot is not true (or runAsUser is 0)"));
            }
            if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                v.add(new Violation("security.readOnlyRootFilesystem", cid, "root filesystem is writable"));
            } else if (!hasEmptyDirAt(c, pod, "/tmp")) {
                v.add(new Violation("storage.tmp", cid, "read-only root filesystem without an emptyDir on /tmp"));
            }
            if (sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                v.add(new Violation("security.allowPrivilegeEscalation", cid, "allowPrivilegeEscalation is not false"));
            }
            if (sc.path("privileged").asBoolean(false)) {
                v.add(new Violation("security.privileged", cid, "privileged container"));
            }
            boolean dropsAll = false;
            for (JsonNode d : sc.path("capabilities").path("drop")) {
                dropsAll |= "ALL".equals(d.asText());
            }
            if (!dropsAll || sc.path("capabilities").path("add").size() > 0) {
                v.add(new Violation("security.capabilities", cid, "capabilities not dropped to none"));
            }
            String seccomp = sc.path("seccompProfile").path("type")
                    .asText(podSc.path("seccompProfile").path("type").asText(""));
            if (!Set.of("RuntimeDefault", "Localhost").contains(seccomp)) {
                v.add(new Violation("security.seccomp", cid, "no RuntimeDefault seccomp profile"));
            }
            checkImage(c.path("image").asText(""), cid, v);
            for (JsonNode env : c.path("env")) {
                String name = env.path("name").asText();
                if (env.has("value") && SecretNames.isSecret(name) && !env.path("value").asText().isEmpty()) {
                    v.add(new Violation("secret.literalEnv", cid, "env " + name + " has a literal value"));
                }
            }
        }

        JsonNode labels = template.path("metadata").path("labels");
        boolean selected = Resources.ofKind(all, "NetworkPolicy").stream()
                .filter(np -> Resources.namespace(np).equals(Resources.namespace(w)))
                .map(np -> np.path("spec").path("podSelector"))
                .anyMatch(sel -> !Resources.isEmptySelector(sel) && Resources.selects(sel, labels));
        if (!selected) {
            v.add(new Violation("network.policy", id, "no NetworkPolicy selects the pods " + labels));
        }
    }

    private static boolean hasEmptyDirAt(JsonNode container, JsonNode pod, String mountPath) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (mountPath.equals(m.path("mountPath").asText())) {
                String volume = m.path("name").asText();
                for (JsonNode vol : pod.path("volumes")) {
                    if (volume.equals(vol.path("name").asText()) && vol.has("emptyDir")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static void checkImage(String image, String where, List<Violation> v) {
        if (image.contains("@sha256:")) {
            return;
        }
        int colon = image.lastIndexOf(':');
        String tag = colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "";
        if (tag.isEmpty() || "latest".equals(tag)) {
            v.add(new Violation("image.pinned", where, "image " + image + " is not pinned to a tag or digest"));
        }
    }
}
