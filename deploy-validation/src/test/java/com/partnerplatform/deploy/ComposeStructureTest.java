package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.deploy.support.ComposeChecker;
import com.partnerplatform.deploy.support.Repo;
import com.partnerplatform.deploy.support.Violation;
import com.partnerplatform.deploy.support.Yaml;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, checked structurally (no compose binary or container engine needed). */
class ComposeStructureTest {

    private static JsonNode compose() {
        return Yaml.single(Repo.path("docker-compose.yml"));
    }

    @Test
    void composeFileBreaksNoStructuralRule() {
        assertThat(ComposeChecker.check(compose(), Repo.root())).isEmpty();
    }

    @Test
    void deliberatelyBadComposeFileIsReportedRuleByRule() {
        JsonNode bad = Yaml.single(Repo.testResource("compose/bad-compose.yml"));
        List<Violation> violations = ComposeChecker.check(bad, Repo.root());
        Map<String, Set<String>> byService = violations.stream().collect(Collectors.groupingBy(
                Violation::resource, Collectors.mapping(Violation::rule, Collectors.toSet())));
        assertThat(byService).containsOnly(
                Map.entry("service unpinned", Set.of("image.pinned")),
                Map.entry("service latest-tag", Set.of("image.pinned")),
                Map.entry("service no-healthcheck", Set.of("healthcheck")),
                Map.entry("service list-depends-on", Set.of("depends_on.condition")),
                Map.entry("service started-not-healthy", Set.of("depends_on.condition")),
                Map.entry("service literal-secret", Set.of("secret.literal")),
                Map.entry("service public-port", Set.of("ports.loopback")),
                Map.entry("service missing-dependency", Set.of("depends_on.unknown")));
        assertThat(violations.stream().filter(v -> v.rule().equals("secret.literal"))).hasSize(2);
        assertThat(violations).extracting(Violation::detail).noneMatch(d -> d.contains("fixture-"));
    }

    @Test
    void everyServiceRunsFromItsJvmDockerfileWithTheSharedInfrastructureWiring() {
        JsonNode services = compose().path("services");
        for (String service : Repo.SERVICES) {
            JsonNode s = services.path(service);
            assertThat(s.path("build").path("context").asText()).isEqualTo("./" + service);
            assertThat(s.path("build").path("dockerfile").asText()).isEqualTo("src/main/docker/Dockerfile.jvm");
            Map<String, String> env = ComposeChecker.environment(s);
            assertThat(env).containsEntry("KAFKA_BOOTSTRAP", "kafka:9092")
                    .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4317");
            assertThat(s.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
            assertThat(s.path("depends_on").path("kafka-init").path("condition").asText())
                    .isEqualTo("service_completed_successfully");
            String probe = s.path("healthcheck").path("test").toString();
            assertThat(probe).contains("/q/health/ready").contains(String.valueOf(Ports.served(service)));
            if (Ports.httpsOnly(service)) {
                assertThat(probe).contains("https://");
                assertThat(s.path("depends_on").path("certs-init").path("condition").asText())
                        .isEqualTo("service_completed_successfully");
            }
            if (Repo.DB_SERVICES.contains(service)) {
                assertThat(env).containsKeys("PG_JDBC_URL", "PG_REACTIVE_URL", "PG_USER", "PG_PASSWORD");
                assertThat(s.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
            } else {
                assertThat(env).doesNotContainKeys("PG_JDBC_URL", "PG_PASSWORD");
            }
        }
    }

    @Test
    void signerUsesVaultTransitWithATokenFileFromTheBootstrapVolumeOnly() {
        JsonNode services = compose().path("services");
        JsonNode signer = services.path("signer-service");
        Map<String, String> env = ComposeChecker.environment(signer);
        assertThat(env).containsEntry("SIGNER_CUSTODY", "vault-transit").containsEntry("VAULT_ADDR", "http://vault:8200")
                .containsEntry("SIGNER_VAULT_KEY_NAME", VaultBootstrapTest.signingKeyName());
        assertThat(env).doesNotContainKey("VAULT_TOKEN");
        assertThat(signer.path("depends_on").path("vault-init").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        String tokenFile = ComposeChecker.environment(services.path("vault-init")).get("SIGNER_TOKEN_FILE");
        assertThat(env.get("VAULT_TOKEN_FILE")).isEqualTo(tokenFile);
        assertThat(signer.path("volumes").toString()).contains("vault-bootstrap:/run/vault-bootstrap:ro");
        // only the signer (and the writer) mount the credentials volume
        services.fields().forEachRemaining(e -> {
            if (!Set.of("signer-service", "vault-init").contains(e.getKey())) {
                assertThat(e.getValue().path("volumes").toString()).as(e.getKey()).doesNotContain("vault-bootstrap");
            }
        });
    }

    @Test
    void vaultIsAClearlyLabelledDevServerOnlyInCompose() {
        String text = Repo.read("docker-compose.yml");
        JsonNode vault = compose().path("services").path("vault");
        assertThat(vault.path("command").toString()).contains("-dev");
        assertThat(text).contains("DEV SERVER").contains("DEVELOPMENT ONLY");
        // the k8s manifests never point at a dev Vault
        for (String overlay : Overlays.NAMES) {
            assertThat(Yaml.toYaml(Overlays.render(overlay))).doesNotContain("-dev-listen").doesNotContain("http://vault:8200");
        }
    }

    /** Ports of the services, from their application.properties (prod profile). */
    static final class Ports {
        private static String props(String service) {
            return Repo.read(service + "/src/main/resources/application.properties");
        }

        private static int find(String service, String regex) {
            var m = java.util.regex.Pattern.compile(regex).matcher(props(service));
            if (!m.find()) {
                throw new AssertionError(service + ": no match for " + regex);
            }
            return Integer.parseInt(m.group(1));
        }

        static int http(String service) {
            return find(service, "(?m)^quarkus\\.http\\.port=(\\d+)");
        }

        /** The prod profile refuses plain HTTP and serves only its ssl-port. */
        static boolean httpsOnly(String service) {
            return props(service).matches("(?s).*(?m)^%prod\\.quarkus\\.http\\.insecure-requests=disabled.*");
        }

        /** The port the service answers on in the prod profile. */
        static int served(String service) {
            return httpsOnly(service)
                    ? find(service, "(?m)^%prod\\.quarkus\\.http\\.ssl-port=\\$\\{[A-Z_]+:(\\d+)}")
                    : http(service);
        }
    }
}
