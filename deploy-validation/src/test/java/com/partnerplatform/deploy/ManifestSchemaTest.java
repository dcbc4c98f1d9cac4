package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.deploy.support.Kustomize;
import com.partnerplatform.deploy.support.KubernetesSchema;
import com.partnerplatform.deploy.support.Repo;
import com.partnerplatform.deploy.support.Resources;
import com.partnerplatform.deploy.support.Yaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every YAML file parses; every Kubernetes manifest has an identity and binds to the Kubernetes schema. */
class ManifestSchemaTest {

    @Test
    void everyYamlFileOfTheRepositoryDeploymentParses() {
        List<Path> files = new ArrayList<>(Repo.files(Repo.path("deploy"), ".yaml", ".yml"));
        files.add(Repo.path("docker-compose.yml"));
        assertThat(files).hasSizeGreaterThan(40);
        for (Path f : files) {
            assertThat(Yaml.documents(f)).as(f.toString()).isNotEmpty();
        }
    }

    @Test
    void everyKubernetesManifestHasAnIdentityAndTheBuiltInKindsBindStrictly() {
        int strict = 0;
        for (Path f : Repo.files(Repo.path("deploy/k8s"), ".yaml")) {
            for (JsonNode doc : Yaml.documents(f)) {
                String kind = Resources.kind(doc);
                assertThat(doc.path("apiVersion").asText()).as(f.toString()).isNotBlank();
                assertThat(kind).as(f.toString()).isNotBlank();
                if (kind.equals("Kustomization")) {
                    continue;
                }
                if (!f.toString().contains("/patches/")) {
                    assertThat(Resources.name(doc)).as(f.toString()).isNotBlank();
                    assertThat(KubernetesSchema.validate(doc)).as(f + " " + Resources.id(doc)).isEmpty();
                    strict += KubernetesSchema.knows(doc) ? 1 : 0;
                }
            }
        }
        assertThat(strict).isGreaterThan(30);
    }

    @Test
    void renderedOverlaysAndCollectorBindStrictly() {
        List<JsonNode> all = new ArrayList<>();
        Overlays.NAMES.forEach(o -> all.addAll(Overlays.render(o)));
        all.addAll(Kustomize.build(Repo.path("deploy/otel")));
        for (JsonNode r : all) {
            assertThat(KubernetesSchema.validate(r)).as(Resources.id(r)).isEmpty();
        }
    }

    @Test
    void misspelledOrMistypedFieldsAreRejected() {
        List<JsonNode> bad = Yaml.documents(Repo.testResource("schema/bad-schema.yaml"));
        assertThat(KubernetesSchema.validate(bad.get(0))).hasValueSatisfying(m -> assertThat(m).contains("readinesProbe"));
        assertThat(KubernetesSchema.validate(bad.get(1))).hasValueSatisfying(m -> assertThat(m).contains("containerPort"));
        assertThat(KubernetesSchema.validate(bad.get(2))).hasValueSatisfying(m -> assertThat(m).contains("podSelecter"));
    }
}
