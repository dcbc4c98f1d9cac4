package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.partnerplatform.deploy.support.ComposeChecker;
import com.partnerplatform.deploy.support.Repo;
import com.partnerplatform.deploy.support.Resources;
import com.partnerplatform.deploy.support.Yaml;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployments give each service what its application.properties asks for, by the names it uses: every
 * environment variable the prod profile requires (an expression without default) is set in compose and in
 * both overlays, and every application variable the deployments set is one the service reads.
 */
class ServiceConfigAlignmentTest {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    /** Read by Quarkus, the JVM, the OTel SDK or the launcher script, not through application.properties. */
    private static final Pattern PLATFORM = Pattern.compile("^(QUARKUS_|JAVA_|JDK_JAVA_OPTIONS|OTEL_|POD_).*");

    /** Variables referenced by lines that apply in the prod profile; required = without a default. */
    private static Set<String> referenced(String service, boolean requiredOnly) {
        Set<String> vars = new TreeSet<>();
        // every service also reads platform-runtime's shipped defaults (e.g. PARTNER_ENVIRONMENT)
        String shared = Repo.read("platform-runtime/src/main/resources/META-INF/microprofile-config.properties");
        String own = Repo.read(service + "/src/main/resources/application.properties");
        for (String line : (shared + "\n" + own).split("\n")) {
            String l = line.strip();
            if (l.startsWith("#") || l.startsWith("%dev.") || l.startsWith("%test.")) {
                continue;
            }
            Matcher m = EXPRESSION.matcher(l);
            while (m.find()) {
                if (!requiredOnly || m.group(2) == null) {
                    vars.add(m.group(1));
                }
            }
        }
        return vars;
    }

    /** Environment variable names a rendered Deployment sets (envFrom ConfigMaps included). */
    private static Set<String> kubernetesEnv(List<ObjectNode> rendered, String service) {
        Set<String> names = new HashSet<>();
        JsonNode container = Resources.podTemplate(Resources.get(rendered, "Deployment", service))
                .path("spec").path("containers").get(0);
        container.path("env").forEach(e -> names.add(e.path("name").asText()));
        for (JsonNode from : container.path("envFrom")) {
            String cm = from.path("configMapRef").path("name").asText();
            Resources.get(rendered, "ConfigMap", cm).path("data").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static Set<String> composeEnv(String service) {
        return ComposeChecker.environment(Yaml.single(Repo.path("docker-compose.yml")).path("services").path(service)).keySet();
    }

    @ParameterizedTest
    @ValueSource(strings = {"quote-service", "signer-service", "webhook-ingress", "ygg-hmac-gateway"})
    void everyVariableTheProdProfileRequiresIsSetEverywhere(String service) {
        Set<String> required = referenced(service, true);
        assertThat(composeEnv(service)).as("compose %s", service).containsAll(required);
        for (String overlay : Overlays.NAMES) {
            assertThat(kubernetesEnv(Overlays.render(overlay), service)).as("%s %s", overlay, service).containsAll(required);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"quote-service", "signer-service", "webhook-ingress"})
    void everyApplicationVariableTheDeploymentsSetIsReadByTheService(String service) {
        Set<String> read = referenced(service, false);
        Set<String> set = new TreeSet<>(composeEnv(service));
        for (String overlay : Overlays.NAMES) {
            set.addAll(kubernetesEnv(Overlays.render(overlay), service));
        }
        set.removeIf(v -> PLATFORM.matcher(v).matches());
        // mapped straight onto a property by Quarkus' environment-variable naming (signer.vault.key-name)
        set.removeIf(v -> v.startsWith("SIGNER_VAULT_") || v.equals("SIGNER_CUSTODY"));
        assertThat(read).as("variables %s sets but does not read", service).containsAll(set);
    }
}
