package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.deploy.support.Repo;
import com.partnerplatform.deploy.support.Resources;
import com.partnerplatform.deploy.support.SecretNames;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Secrets are references: Vault (Kubernetes auth) for the signer and the gateway's HMAC, ExternalSecrets otherwise. */
class SecretWiringTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySecretKeyRefIsProducedByAnExternalSecretAndNoSecretIsInlined(String overlay) {
        var rendered = Overlays.render(overlay);
        assertThat(Resources.ofKind(rendered, "Secret")).isEmpty();

        Set<String> produced = new HashSet<>();
        for (JsonNode es : Resources.ofKind(rendered, "ExternalSecret")) {
            assertThat(es.path("spec").path("secretStoreRef").path("name").asText()).isEqualTo("vault");
            String target = es.path("spec").path("target").path("name").asText();
            es.path("spec").path("data").forEach(d -> produced.add(target + "/" + d.path("secretKey").asText()));
        }
        for (String service : Repo.SERVICES) {
            JsonNode container = Resources.podTemplate(Resources.get(rendered, "Deployment", service))
                    .path("spec").path("containers").get(0);
            for (JsonNode env : container.path("env")) {
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    assertThat(produced).as("%s env %s", service, env.path("name").asText())
                            .contains(ref.path("name").asText() + "/" + ref.path("key").asText());
                }
                if (SecretNames.isSecret(env.path("name").asText())) {
                    assertThat(ref.isMissingNode()).as("%s env %s must come from a secretKeyRef", service,
                            env.path("name").asText()).isFalse();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void signerGetsARenewedVaultTokenFromTheAgentThroughAProjectedAudienceBoundToken(String overlay) {
        var rendered = Overlays.render(overlay);
        JsonNode template = Resources.podTemplate(Resources.get(rendered, "Deployment", "signer-service"));
        JsonNode pod = template.path("spec");
        JsonNode a = template.path("metadata").path("annotations");
        JsonNode config = Resources.get(rendered, "ConfigMap", "signer-service-config").path("data");

        assertThat(config.path("SIGNER_CUSTODY").asText()).isEqualTo("vault-transit");
        assertThat(config.path("VAULT_ADDR").asText()).startsWith("https://");
        assertThat(config.path("SIGNER_VAULT_KEY_NAME").asText()).isEqualTo(VaultBootstrapTest.signingKeyName());
        // a long-running agent (not pre-populate only) renews the token it writes to /vault/secrets/token
        assertThat(a.path("vault.hashicorp.com/agent-inject").asText()).isEqualTo("true");
        assertThat(a.path("vault.hashicorp.com/agent-inject-token").asText()).isEqualTo("true");
        assertThat(a.path("vault.hashicorp.com/agent-pre-populate-only").asText("false")).isEqualTo("false");
        assertThat(a.path("vault.hashicorp.com/role").asText()).isEqualTo("signer-service");
        assertThat(config.path("VAULT_TOKEN_FILE").asText()).isEqualTo("/vault/secrets/token");

        String tokenVolume = a.path("vault.hashicorp.com/agent-service-account-token-volume-name").asText();
        JsonNode projected = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(tokenVolume)) {
                projected = v;
            }
        }
        assertThat(projected).as("volume %s", tokenVolume).isNotNull();
        JsonNode sat = projected.path("projected").path("sources").get(0).path("serviceAccountToken");
        assertThat(sat.path("audience").asText()).isEqualTo("vault");
        assertThat(sat.path("expirationSeconds").asInt()).isBetween(600, 3600);
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        // no Vault token in the signer's own configuration
        assertThat(config.has("VAULT_TOKEN")).isFalse();
        assertThat(pod.path("containers").get(0).path("env").findValuesAsText("name")).doesNotContain("VAULT_TOKEN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void gatewayHmacMaterialComesFromVaultAgentIntoTheFileQuarkusReads(String overlay) {
        var rendered = Overlays.render(overlay);
        JsonNode template = Resources.podTemplate(Resources.get(rendered, "Deployment", "ygg-hmac-gateway"));
        JsonNode a = template.path("metadata").path("annotations");
        assertThat(a.path("vault.hashicorp.com/agent-inject").asText()).isEqualTo("true");
        assertThat(a.path("vault.hashicorp.com/role").asText()).isEqualTo("ygg-hmac-gateway");
        String tokenVolume = a.path("vault.hashicorp.com/agent-service-account-token-volume-name").asText();
        assertThat(template.path("spec").path("volumes").findValuesAsText("name")).contains(tokenVolume);
        String rendersTo = "/vault/secrets/ygg.properties";
        assertThat(a.has("vault.hashicorp.com/agent-inject-template-ygg.properties")).isTrue();
        assertThat(Resources.get(rendered, "ConfigMap", "ygg-hmac-gateway-config").path("data")
                .path("QUARKUS_CONFIG_LOCATIONS").asText()).isEqualTo(rendersTo);
        String vaultPolicy = Repo.read("deploy/vault/policies/ygg-hmac-gateway.hcl");
        String secretPath = a.path("vault.hashicorp.com/agent-inject-secret-ygg.properties").asText();
        assertThat(vaultPolicy).contains("path \"" + secretPath + "\"");
        assertThat(a.path("vault.hashicorp.com/agent-inject-template-ygg.properties").asText()).contains(secretPath);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void externalSecretsReadOnlyPathsTheirVaultPolicyGrants(String overlay) {
        String policy = Repo.read("deploy/vault/policies/external-secrets.hcl");
        for (JsonNode es : Resources.ofKind(Overlays.render(overlay), "ExternalSecret")) {
            for (JsonNode d : es.path("spec").path("data")) {
                String key = d.path("remoteRef").path("key").asText();
                assertThat(policy).as(Resources.id(es)).contains("path \"kv/data/" + key + "\"");
            }
        }
    }
}
