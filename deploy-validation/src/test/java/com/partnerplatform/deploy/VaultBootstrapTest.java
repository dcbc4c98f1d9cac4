package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerplatform.deploy.support.KubectlKustomize.ProcessResult;
import com.partnerplatform.deploy.support.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/vault: least-privilege policies, and bootstrap.sh run for real (POSIX sh, as in the Vault image) against
 * a recording stand-in for the vault CLI, since no Vault server can run here.
 */
class VaultBootstrapTest {

    /** The transit key bootstrap.sh creates (and the only one the signer policy names). */
    static String signingKeyName() {
        Matcher m = Pattern.compile("(?m)^SIGNING_KEY=\"([^\"]+)\"").matcher(Repo.read("deploy/vault/bootstrap.sh"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** path -> capabilities of an HCL policy; a path's allowed_parameters are listed as "param:NAME". */
    private static Map<String, Set<String>> policy(String file) {
        String text = Repo.read("deploy/vault/policies/" + file).replaceAll("(?m)#.*$", "");
        Map<String, Set<String>> paths = new LinkedHashMap<>();
        Matcher m = Pattern.compile("path\\s+\"([^\"]+)\"\\s*\\{\\s*capabilities\\s*=\\s*\\[([^]]*)]\\s*"
                + "(?:allowed_parameters\\s*=\\s*\\{([^}]*)}\\s*)?}").matcher(text);
        while (m.find()) {
            Set<String> caps = new java.util.TreeSet<>();
            for (String c : m.group(2).split(",")) {
                caps.add(c.trim().replace("\"", ""));
            }
            if (m.group(3) != null) {
                Matcher param = Pattern.compile("\"([^\"]+)\"\\s*=\\s*\\[\\s*]").matcher(m.group(3));
                while (param.find()) {
                    caps.add("param:" + param.group(1));
                }
                assertThat(param.replaceAll("").isBlank()).as(file + ": only empty-list allowed_parameters").isTrue();
            }
            paths.put(m.group(1), caps);
        }
        // nothing else in the file than these blocks
        assertThat(m.replaceAll("").isBlank()).as(file + " has only path blocks").isTrue();
        return paths;
    }

    @Test
    void signerMaySignReadAndRotateOnlyTheQuoteSigningKeyAndSetNothingButMinEncryptionVersion() {
        String key = signingKeyName();
        assertThat(key).isEqualTo("rsa-3072");
        assertThat(policy("signer-transit.hcl")).isEqualTo(Map.of(
                "transit/sign/" + key, Set.of("update"),
                "transit/sign/" + key + "/sha2-256", Set.of("update"),
                "transit/keys/" + key, Set.of("read"),
                "transit/keys/" + key + "/rotate", Set.of("update"),
                "transit/keys/" + key + "/config", Set.of("update", "param:min_encryption_version")));
    }

    @Test
    void noPolicyUsesWildcardsSudoOrWritesKeys() {
        for (String file : List.of("signer-transit.hcl", "ygg-hmac-gateway.hcl", "external-secrets.hcl")) {
            policy(file).forEach((path, caps) -> {
                assertThat(path).as(file).doesNotContain("*").doesNotContain("+");
                assertThat(caps).as(file + " " + path).isSubsetOf("read", "update", "param:min_encryption_version");
                if (path.endsWith("/config")) {
                    // config without a parameter allow-list could make the key exportable or deletable
                    assertThat(caps).contains("param:min_encryption_version");
                }
            });
        }
        assertThat(policy("ygg-hmac-gateway.hcl")).containsOnlyKeys("kv/data/partner-platform/ygg-hmac-gateway");
        assertThat(policy("external-secrets.hcl").keySet()).noneMatch(p -> p.startsWith("transit/"))
                .doesNotContain("kv/data/partner-platform/ygg-hmac-gateway");
    }

    private static ProcessResult bootstrap(Path dir, String mode) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("vault");
        Files.copy(Repo.testResource("vault/fake-vault"), fake, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("state"));
        List<String> command = List.of("env", "PATH=" + bin + ":/usr/bin:/bin", "MODE=" + mode,
                "VAULT_ADDR=http://127.0.0.1:1", "VAULT_TOKEN=test-token",
                "FAKE_VAULT_LOG=" + dir.resolve("calls.log"), "FAKE_VAULT_STATE=" + dir.resolve("state"),
                "SIGNER_TOKEN_FILE=" + dir.resolve("signer-vault-token"), "SIGNER_UID=" + uid(),
                "K8S_NAMESPACE=partner-platform",
                "sh", Repo.path("deploy/vault/bootstrap.sh").toString());
        return ProcessResult.run(command, dir, 60);
    }

    private static String uid() throws Exception {
        return String.valueOf(Files.getAttribute(Path.of("."), "unix:uid"));
    }

    private static List<String> calls(Path dir) throws Exception {
        List<String> calls = Files.readAllLines(dir.resolve("calls.log"));
        Files.delete(dir.resolve("calls.log"));
        return calls;
    }

    @Test
    void composeBootstrapCreatesANonExportableKeyAndAPolicyBoundSignerTokenAndIsIdempotent(@TempDir Path dir)
            throws Exception {
        ProcessResult first = bootstrap(dir, "compose");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        List<String> calls = calls(dir);
        assertThat(calls).contains(
                "secrets enable -path=transit transit",
                "write -f transit/keys/rsa-3072 type=rsa-3072 exportable=false allow_plaintext_backup=false",
                "write transit/keys/rsa-3072/config deletion_allowed=false exportable=false",
                "token create -policy=signer-transit -no-default-policy -orphan -period=768h "
                        + "-display-name=signer-service -field=token");
        assertThat(calls).anyMatch(c -> c.startsWith("policy write signer-transit ") && c.endsWith("signer-transit.hcl"));
        assertThat(calls).noneMatch(c -> c.contains("/rotate") || c.contains("export") && !c.contains("exportable=false"));

        Path tokenFile = dir.resolve("signer-vault-token");
        assertThat(Files.readString(tokenFile).trim()).isEqualTo("fake-signer-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("r--------");

        ProcessResult second = bootstrap(dir, "compose");
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(calls(dir)).noneMatch(c -> c.startsWith("secrets enable") || c.startsWith("auth enable")
                || c.startsWith("write -f transit/keys/"));
    }

    @Test
    void kubernetesBootstrapBindsEachRoleToOneServiceAccountWithTheVaultAudience(@TempDir Path dir) throws Exception {
        ProcessResult r = bootstrap(dir, "kubernetes");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> roles = calls(dir).stream().filter(c -> c.startsWith("write auth/kubernetes/role/")).toList();
        assertThat(roles).hasSize(3).allMatch(c -> c.contains("audience=vault")
                && c.contains("bound_service_account_namespaces=partner-platform") && c.contains("token_no_default_policy=true"));
        assertThat(roles).anyMatch(c -> c.contains("role/signer-service ")
                && c.contains("bound_service_account_names=signer-service ") && c.contains("token_policies=signer-transit "));
        assertThat(roles).anyMatch(c -> c.contains("role/ygg-hmac-gateway ")
                && c.contains("bound_service_account_names=ygg-hmac-gateway ") && c.contains("token_policies=ygg-hmac-gateway "));
        assertThat(Files.exists(dir.resolve("signer-vault-token"))).isFalse();
    }

    @Test
    void bootstrapRefusesAnUnknownMode(@TempDir Path dir) throws Exception {
        ProcessResult r = bootstrap(dir, "production-by-mistake");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).contains("unknown MODE");
    }
}
