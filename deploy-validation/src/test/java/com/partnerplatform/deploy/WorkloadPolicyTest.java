package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.deploy.support.Kustomize;
import com.partnerplatform.deploy.support.PolicyChecker;
import com.partnerplatform.deploy.support.Repo;
import com.partnerplatform.deploy.support.Violation;
import com.partnerplatform.deploy.support.Yaml;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment policy: probes, limits, non-root, read-only root, no privilege escalation, no capabilities,
 * seccomp, pinned images, a NetworkPolicy per workload plus default deny, and no inline secrets.
 */
class WorkloadPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void renderedOverlayBreaksNoPolicyRule(String overlay) {
        assertThat(PolicyChecker.check(Overlays.render(overlay))).isEmpty();
    }

    @Test
    void otelCollectorDeploymentBreaksNoPolicyRule() {
        assertThat(PolicyChecker.check(Kustomize.build(Repo.path("deploy/otel")))).isEmpty();
    }

    @Test
    void compliantFixturePasses() {
        assertThat(PolicyChecker.check(Yaml.documents(Repo.testResource("policy/compliant.yaml")))).isEmpty();
    }

    @Test
    void deliberatelyBadManifestsAreReportedRuleByRule() {
        List<Violation> violations = PolicyChecker.check(Yaml.documents(Repo.testResource("policy/bad-manifests.yaml")));

        Map<String, Set<String>> rulesByResource = violations.stream().collect(Collectors.groupingBy(
                v -> v.resource().replaceFirst(" container .*", ""),
                Collectors.mapping(Violation::rule, Collectors.toSet())));

        assertThat(rulesByResource).containsOnly(
                Map.entry("Deployment/fixture/no-probes", Set.of("probes.liveness", "probes.readiness")),
                Map.entry("Deployment/fixture/no-limits", Set.of("resources.limits")),
                Map.entry("Deployment/fixture/runs-as-root", Set.of("security.runAsNonRoot")),
                Map.entry("Deployment/fixture/writable-root", Set.of("security.readOnlyRootFilesystem")),
                Map.entry("Deployment/fixture/no-network-policy", Set.of("network.policy")),
                Map.entry("Deployment/fixture/literal-secret-env", Set.of("secret.literalEnv", "image.pinned",
                        "security.allowPrivilegeEscalation", "security.capabilities")),
                Map.entry("Secret/fixture/inline-secret", Set.of("secret.inline")),
                Map.entry("ConfigMap/fixture/secret-in-configmap", Set.of("secret.inConfigMap")),
                Map.entry("Service/fixture/node-port", Set.of("exposure.serviceType")));
        // the reports name what is wrong without repeating the secret value
        assertThat(violations).extracting(Violation::detail)
                .noneMatch(d -> d.contains("fixture-not-a-real"));
    }

    @Test
    void namespaceWithoutDefaultDenyIsReported() {
        List<Violation> violations = PolicyChecker.check(Yaml.documents(Repo.testResource("policy/missing-default-deny.yaml")));
        assertThat(violations).extracting(Violation::rule, Violation::resource)
                .containsExactly(tuple("network.defaultDeny", "Namespace/fixture"));
    }

    @Test
    void removingAnyHardeningFromARealDeploymentIsCaught() {
        // Same rules, applied to the real signer Deployment with one protection removed at a time.
        record Mutation(String pointer, String rule) {
        }
        List<Mutation> mutations = List.of(
                new Mutation("/spec/template/spec/containers/0/livenessProbe", "probes.liveness"),
                new Mutation("/spec/template/spec/containers/0/readinessProbe", "probes.readiness"),
                new Mutation("/spec/template/spec/containers/0/resources/limits", "resources.limits"),
                new Mutation("/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem",
                        "security.readOnlyRootFilesystem"),
                new Mutation("/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation",
                        "security.allowPrivilegeEscalation"),
                new Mutation("/spec/template/spec/containers/0/securityContext/capabilities", "security.capabilities"),
                new Mutation("/spec/template/spec/containers/0/volumeMounts/0", "storage.tmp"));
        for (Mutation m : mutations) {
            var resources = Overlays.render("prod");
            JsonNode signer = resources.stream()
                    .filter(r -> r.path("kind").asText().equals("Deployment")
                            && r.path("metadata").path("name").asText().equals("signer-service"))
                    .findFirst().orElseThrow();
            com.partnerplatform.deploy.support.JsonPatch.apply(signer,
                    Yaml.documents("- op: remove\n  path: " + m.pointer(), "mutation").get(0), "mutation");
            assertThat(PolicyChecker.check(resources)).as("after removing %s", m.pointer())
                    .extracting(Violation::rule).containsOnly(m.rule());
        }
    }
}
