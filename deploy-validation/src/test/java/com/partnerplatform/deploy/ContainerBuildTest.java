package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerplatform.deploy.support.Repo;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Dockerfiles: pinned bases, non-root, the fast-jar layers, the right port and module. */
class ContainerBuildTest {

    private static List<String> instructions(String text, String keyword) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^" + keyword + "\\s+(.+)$").matcher(text.replace("\\\n", " "));
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        return out;
    }

    /** The image's environment: every KEY=value (or KEY="value") of its ENV instructions. */
    private static Map<String, String> env(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String instruction : instructions(text, "ENV")) {
            Matcher m = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|'([^']*)'|(\\S*))").matcher(instruction);
            while (m.find()) {
                env.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4));
            }
        }
        return env;
    }

    private static String lastUser(String text) {
        List<String> users = instructions(text, "USER");
        return users.isEmpty() ? "" : users.get(users.size() - 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"quote-service", "signer-service", "webhook-ingress", "ygg-hmac-gateway"})
    void jvmImageCopiesTheFastJarLayersAndRunsAsUser185ExposingTheServedPort(String service) {
        String text = Repo.read(service + "/src/main/docker/Dockerfile.jvm");
        assertThat(instructions(text, "FROM")).containsExactly("registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24");
        assertThat(instructions(text, "COPY")).extracting(c -> c.split("\\s+")[1]).containsExactly(
                "target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/", "target/quarkus-app/quarkus/");
        assertThat(instructions(text, "COPY")).allMatch(c -> c.startsWith("--chown=185"));
        assertThat(lastUser(text)).isEqualTo("185");
        assertThat(instructions(text, "EXPOSE")).containsExactly(String.valueOf(ComposeStructureTest.Ports.served(service)));
        assertThat(text).contains("JAVA_MAX_MEM_RATIO=").contains("-XX:+ExitOnOutOfMemoryError")
                .contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"quote-service", "signer-service", "webhook-ingress", "ygg-hmac-gateway"})
    void jvmImageChoosesItsCollectorOnlyThroughRunJava(String service) {
        // run-java.sh always adds GC_CONTAINER_OPTIONS (default -XX:+UseParallelGC): a collector flag in
        // JAVA_OPTS_APPEND as well would select two collectors, and the JVM refuses to start
        Map<String, String> env = env(Repo.read(service + "/src/main/docker/Dockerfile.jvm"));
        assertThat(env.get("JAVA_OPTS_APPEND")).isNotBlank().doesNotContainPattern("-XX:\\+Use\\w*GC");
    }

    @Test
    void quoteServiceImageRunsWithTheMemorySettingsItsLoadHarnessMeasured() {
        Map<String, String> env = env(Repo.read("quote-service/src/main/docker/Dockerfile.jvm"));
        assertThat(env.get("JAVA_OPTS_APPEND").split("\\s+"))
                .contains("-Xmx256m", "-Xms32m", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
        assertThat(env).containsEntry("GC_CONTAINER_OPTIONS", "-XX:+UseSerialGC")
                .containsEntry("MALLOC_ARENA_MAX", "2")
                // 0 switches run-java.sh's -XX:MaxRAMPercentage off, which would otherwise compete with -Xmx
                .containsEntry("JAVA_MAX_MEM_RATIO", "0")
                .doesNotContainKey("JAVA_INITIAL_MEM_RATIO");
    }

    @ParameterizedTest
    @ValueSource(strings = {"quote-service", "signer-service", "webhook-ingress", "ygg-hmac-gateway"})
    void nativeImageIsBuiltWithMandrelForThisModuleAndRunsNonRootOnTheMicroImage(String service) {
        String text = Repo.read(service + "/src/main/docker/Dockerfile.native");
        assertThat(instructions(text, "FROM")).containsExactly(
                "quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21 AS build",
                "quay.io/quarkus/ubi9-quarkus-micro-image:2.0");
        assertThat(instructions(text, "RUN")).anyMatch(r -> r.contains("-Pnative") && r.contains("-pl " + service + " -am"));
        assertThat(instructions(text, "RUN")).anyMatch(r -> r.contains("sha512sum -c"));
        assertThat(instructions(text, "COPY")).anyMatch(c -> c.contains("/code/" + service + "/target/*-runner"));
        assertThat(lastUser(text)).isEqualTo("1001");
        assertThat(instructions(text, "EXPOSE")).containsExactly(String.valueOf(ComposeStructureTest.Ports.served(service)));
        // the root pom's native profile is what -Pnative switches on
        assertThat(Repo.read("pom.xml")).contains("<id>native</id>").contains("<quarkus.native.enabled>true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"quote-service", "signer-service", "webhook-ingress", "ygg-hmac-gateway"})
    void nothingButTheTwoDockerfilesLivesInTheDockerFolder(String service) throws Exception {
        try (var files = Files.list(Repo.path(service + "/src/main/docker"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("Dockerfile.jvm", "Dockerfile.native");
        }
    }
}
