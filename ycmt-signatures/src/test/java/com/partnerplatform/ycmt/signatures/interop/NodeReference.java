package com.partnerplatform.ycmt.signatures.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the independent npm implementations in src/test/node (jose, canonicalize) with node. Without
 * node the interop tests are skipped on a developer machine but FAIL under CI=true, so CI can never
 * pass without the comparison having run.
 */
final class NodeReference {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean ready;

    private NodeReference() {
    }

    static Path dir() {
        return Path.of(System.getProperty("basedir", "."), "src/test/node").toAbsolutePath();
    }

    static synchronized void requireNode() throws Exception {
        if (ready) {
            return;
        }
        boolean present;
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                fail("node is not installed, and CI=true requires the interop comparison to run");
            }
            Assumptions.abort("node is not installed; interop with the npm reference implementations not checked");
        }
        if (!Files.isDirectory(dir().resolve("node_modules/jose")) || !Files.isDirectory(dir().resolve("node_modules/canonicalize"))) {
            exec(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
        ready = true;
    }

    /** Runs {@code node interop.mjs command} over {@code cases} and returns its JSON result array. */
    static JsonNode run(String command, Object cases, Path work) throws Exception {
        requireNode();
        Path in = work.resolve(command + "-in.json");
        Path out = work.resolve(command + "-out.json");
        Files.writeString(in, JSON.writeValueAsString(cases), StandardCharsets.UTF_8);
        exec(List.of("node", dir().resolve("interop.mjs").toString(), command, in.toString(), out.toString()), 300);
        JsonNode result = JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
        assertThat(result.isArray()).isTrue();
        return result;
    }

    private static void exec(List<String> command, int timeoutSeconds) throws Exception {
        Path log = Files.createTempFile("node-reference", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
