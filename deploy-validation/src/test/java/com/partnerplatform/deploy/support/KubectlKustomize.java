package com.partnerplatform.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** kubectl kustomize (or a standalone kustomize) when one is on the PATH. Offline: local directories only. */
public final class KubectlKustomize {

    private KubectlKustomize() {
    }

    /** The command that renders a directory, if a tool exists: [kubectl, kustomize] or [kustomize, build]. */
    public static Optional<List<String>> command() {
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isPresent()) {
            return Optional.of(List.of(kubectl.get().toString(), "kustomize"));
        }
        return onPath("kustomize").map(k -> List.of(k.toString(), "build"));
    }

    public static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static List<JsonNode> build(List<String> command, Path dir) {
        ProcessResult r = ProcessResult.run(concat(command, dir.toString()), dir, 120);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " " + dir + " failed: " + r.stderr());
        }
        return Yaml.documents(r.stdout(), String.join(" ", command));
    }

    public static String version(List<String> command) {
        List<String> versionCommand = command.get(0).endsWith("kubectl")
                ? List.of(command.get(0), "version", "--client")
                : List.of(command.get(0), "version");
        return ProcessResult.run(versionCommand, Path.of("."), 30).stdout().trim();
    }

    private static List<String> concat(List<String> a, String b) {
        var all = new java.util.ArrayList<>(a);
        all.add(b);
        return all;
    }

    /** A finished external process. */
    public record ProcessResult(int exitCode, String stdout, String stderr) {

        public static ProcessResult run(List<String> command, Path workDir, int timeoutSeconds) {
            try {
                Path out = Files.createTempFile("deploy-validation", ".out");
                Path err = Files.createTempFile("deploy-validation", ".err");
                try {
                    Process p = new ProcessBuilder(command).directory(workDir.toFile())
                            .redirectOutput(out.toFile()).redirectError(err.toFile())
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .start();
                    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
                    }
                    return new ProcessResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                            Files.readString(err, StandardCharsets.UTF_8));
                } finally {
                    Files.deleteIfExists(out);
                    Files.deleteIfExists(err);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
