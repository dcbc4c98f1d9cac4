package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.partnerplatform.deploy.support.Kustomize;
import com.partnerplatform.deploy.support.Resources;
import com.partnerplatform.deploy.support.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-repo kustomize renderer on small hand-checked inputs (expected values written out, not computed). */
class KustomizeResolverTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
              labels: {app.kubernetes.io/name: app}
            spec:
              replicas: 2
              selector: {matchLabels: {app.kubernetes.io/name: app}}
              template:
                metadata: {labels: {app.kubernetes.io/name: app}}
                spec:
                  containers:
                    - name: app
                      image: partner-platform/app:1.0.0-SNAPSHOT
                      env:
                        - {name: A, value: "1"}
                        - {name: B, value: "2"}
                      resources:
                        limits: {cpu: "1", memory: 512Mi}
                    - name: sidecar
                      image: busybox:1.36
            """;

    private static Path write(Path dir, String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private static List<ObjectNode> overlay(Path dir, String kustomization) throws Exception {
        write(dir, "base/deployment.yaml", DEPLOYMENT);
        write(dir, "base/kustomization.yaml", "resources: [deployment.yaml]\n");
        write(dir, "overlay/kustomization.yaml", kustomization);
        return Kustomize.build(dir.resolve("overlay"));
    }

    @Test
    void strategicMergeMergesContainersAndEnvByNameAndKeepsTheRest(@TempDir Path dir) throws Exception {
        write(dir, "overlay/patch.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          env:
                            - {name: B, value: "20"}
                            - {name: C, value: "3"}
                          resources:
                            limits: {memory: 768Mi}
                """);
        JsonNode d = overlay(dir, "resources: [../base]\npatches:\n  - path: patch.yaml\n").get(0);
        JsonNode containers = d.path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(2);
        JsonNode app = containers.get(0);
        assertThat(Yaml.toYaml(app.path("env"))).isEqualTo("""
                ---
                - name: "A"
                  value: "1"
                - name: "B"
                  value: "20"
                - name: "C"
                  value: "3"
                """);
        assertThat(app.path("resources").path("limits").path("cpu").asText()).isEqualTo("1");
        assertThat(app.path("resources").path("limits").path("memory").asText()).isEqualTo("768Mi");
        assertThat(containers.get(1).path("image").asText()).isEqualTo("busybox:1.36");
    }

    @Test
    void jsonPatchNamespaceLabelsReplicasAndImagesApplyInKustomizeOrder(@TempDir Path dir) throws Exception {
        JsonNode d = overlay(dir, """
                namespace: ns1
                resources: [../base]
                labels:
                  - pairs: {env: test}
                    includeTemplates: true
                replicas:
                  - {name: app, count: 5}
                images:
                  - {name: partner-platform/app, newName: registry.example.com/app, newTag: 2.0.0}
                  - {name: busybox, digest: "sha256:0123"}
                patches:
                  - target: {kind: Deployment, name: ap.}
                    patch: |-
                      - op: replace
                        path: /spec/replicas
                        value: 3
                      - op: add
                        path: /metadata/annotations
                        value: {note: patched}
                """).get(0);
        assertThat(Resources.namespace(d)).isEqualTo("ns1");
        assertThat(d.path("metadata").path("labels").path("env").asText()).isEqualTo("test");
        assertThat(d.path("spec").path("template").path("metadata").path("labels").path("env").asText()).isEqualTo("test");
        assertThat(d.path("spec").path("selector").path("matchLabels").has("env")).isFalse();
        // replicas runs after patches: 5 wins over the patch's 3
        assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(5);
        assertThat(d.path("metadata").path("annotations").path("note").asText()).isEqualTo("patched");
        JsonNode containers = d.path("spec").path("template").path("spec").path("containers");
        assertThat(containers.get(0).path("image").asText()).isEqualTo("registry.example.com/app:2.0.0");
        assertThat(containers.get(1).path("image").asText()).isEqualTo("busybox@sha256:0123");
    }

    @Test
    void unsupportedFieldsAndUnmatchedPatchesFailInsteadOfBeingIgnored(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> overlay(dir, "resources: [../base]\ncommonLabels: {a: b}\n"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("commonLabels");
        Path other = Files.createDirectories(dir.resolve("other"));
        assertThatThrownBy(() -> overlay(other, """
                resources: [../base]
                patches:
                  - target: {kind: Service}
                    patch: |-
                      - {op: replace, path: /spec/type, value: NodePort}
                """)).hasMessageContaining("matches no resource");
        Path third = Files.createDirectories(dir.resolve("third"));
        assertThatThrownBy(() -> overlay(third, """
                resources: [../base]
                patches:
                  - target: {kind: Deployment}
                    patch: |-
                      - {op: replace, path: /spec/paused, value: true}
                """)).hasMessageContaining("/spec/paused does not exist");
    }
}
