package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerplatform.deploy.support.Repo;
import com.partnerplatform.deploy.support.Resources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The runbooks name things that exist: tests, endpoints, deployments, secrets, Vault paths, the key. */
class RunbookTest {

    private static final List<Path> RUNBOOKS = Repo.files(Repo.path("docs/runbooks"), ".md");

    private static List<String> all(String regex, int group) {
        List<String> found = new ArrayList<>();
        for (Path p : RUNBOOKS) {
            Matcher m = Pattern.compile(regex).matcher(Repo.read(p));
            while (m.find()) {
                found.add(m.group(group));
            }
        }
        return found;
    }

    private static List<Path> named(Path dir, String fileName) {
        return Repo.files(dir, fileName).stream().filter(p -> p.getFileName().toString().equals(fileName)).toList();
    }

    @Test
    void everyTestedByReferenceNamesAnExistingTestMethod() {
        List<String> refs = all("tested by: `([a-z-]+)/([A-Za-z]+)#([A-Za-z0-9]+)`", 0);
        assertThat(refs).hasSizeGreaterThanOrEqualTo(8);
        Matcher m = Pattern.compile("tested by: `([a-z-]+)/([A-Za-z]+)#([A-Za-z0-9]+)`").matcher(String.join("\n", refs));
        while (m.find()) {
            List<Path> classes = named(Repo.path(m.group(1) + "/src/test/java"), m.group(2) + ".java");
            assertThat(classes).as(m.group()).hasSize(1);
            assertThat(Repo.read(classes.get(0))).as(m.group()).containsPattern("void " + m.group(3) + "\\(");
        }
        // every runbook says what is tested and what is not
        for (Path p : RUNBOOKS) {
            if (!p.getFileName().toString().equals("README.md")) {
                assertThat(Repo.read(p)).as(p.toString()).contains("Not automated");
            }
        }
    }

    @Test
    void signerAdminEndpointTheRunbookCallsExists() {
        assertThat(all("(/admin/keys/rotate\\?emergency=true)", 1)).isNotEmpty();
        List<Path> resource = named(Repo.path("signer-service/src/main/java"), "KeyAdminResource.java");
        assertThat(resource).hasSize(1);
        assertThat(Repo.read(resource.get(0))).contains("@Path(\"/admin/keys\")").contains("@Path(\"/rotate\")")
                .contains("@QueryParam(\"emergency\")").contains("@POST");
    }

    @Test
    void vaultKeyAndPathsAreTheBootstrappedOnes() {
        String key = VaultBootstrapTest.signingKeyName();
        assertThat(all("transit/keys/([a-z0-9-]+)", 1)).isNotEmpty().containsOnly(key);
        Set<String> kvPaths = new HashSet<>(all("kv (?:patch|get)(?: -field=\\w+)? kv/(partner-platform/[a-z-]+)", 1));
        assertThat(kvPaths).isNotEmpty();
        String policies = Repo.read("deploy/vault/policies/external-secrets.hcl") + Repo.read("deploy/vault/policies/ygg-hmac-gateway.hcl");
        for (String p : kvPaths) {
            assertThat(policies).as(p).contains("\"kv/data/" + p + "\"");
        }
    }

    @Test
    void deploymentsAndExternalSecretsTheRunbooksTouchExistInProduction() {
        var prod = Overlays.render("prod");
        for (String d : all("deploy/([a-z-]+)", 1)) {
            if (!d.equals("ingress-nginx-controller")) {
                assertThat(Resources.find(prod, "Deployment", d)).as("deploy/" + d).isPresent();
            }
        }
        for (String es : all("externalsecret ([a-z-]+)", 1)) {
            assertThat(Resources.find(prod, "ExternalSecret", es)).as(es).isPresent();
        }
        assertThat(all("-n (partner-platform[a-z-]*)", 1)).allMatch(ns -> Overlays.NAMESPACE.containsValue(ns));
    }
}
