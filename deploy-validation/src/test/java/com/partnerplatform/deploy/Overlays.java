package com.partnerplatform.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.partnerplatform.deploy.support.Kustomize;
import com.partnerplatform.deploy.support.Repo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The rendered overlays, built once per test JVM. */
final class Overlays {

    static final List<String> NAMES = List.of("dev", "prod");
    static final Map<String, String> NAMESPACE = Map.of("dev", "partner-platform-dev", "prod", "partner-platform");

    private static final Map<String, List<ObjectNode>> CACHE = new ConcurrentHashMap<>();

    private Overlays() {
    }

    static Path dir(String overlay) {
        return Repo.path("deploy/k8s/overlays/" + overlay);
    }

    /** A fresh deep copy, so a test may mutate it. */
    static List<ObjectNode> render(String overlay) {
        return CACHE.computeIfAbsent(overlay, o -> Kustomize.build(dir(o))).stream()
                .map(ObjectNode::deepCopy).toList();
    }
}
