package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerplatform.deploy.support.KubectlKustomize;
import com.partnerplatform.deploy.support.KubectlKustomize.ProcessResult;
import com.partnerplatform.deploy.support.Repo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The compose file as docker-compose itself reads it: `docker-compose config -q` validates against the compose
 * schema and interpolates variables, offline and without an engine (Debian package docker-compose, installed by
 * .ci/install-compose.sh). Required when CI=true; skipped elsewhere if the binary is missing.
 */
class ComposeConfigTest {

    private static Optional<Path> composeBinary() {
        Optional<Path> binary = KubectlKustomize.onPath("docker-compose");
        if (binary.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but docker-compose is not installed: run .ci/install-compose.sh");
        }
        Assumptions.assumeTrue(binary.isPresent(), "docker-compose not installed (.ci/install-compose.sh)");
        return binary;
    }

    @Test
    void dockerComposeAcceptsTheComposeFile() {
        Path binary = composeBinary().orElseThrow();
        ProcessResult r = ProcessResult.run(
                List.of(binary.toString(), "-f", Repo.path("docker-compose.yml").toString(), "config", "-q"),
                Repo.root(), 120);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    @Test
    void dockerComposeRejectsABrokenComposeFile() {
        // proves the check above can fail: a dependency on a service that does not exist
        Path binary = composeBinary().orElseThrow();
        ProcessResult r = ProcessResult.run(
                List.of(binary.toString(), "-f", Repo.testResource("compose/bad-compose.yml").toString(), "config", "-q"),
                Repo.root(), 120);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("nowhere");
    }
}
