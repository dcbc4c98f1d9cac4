package com.partnerplatform.webhook.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent JavaScript implementations in {@code src/test/node} (npm packages pinned by
 * its package-lock.json), installing them with {@code npm ci} on a fresh checkout.
 */
public final class NodeInterop {

    private static final Path DIR = Path.of("src", "test", "node");

    private NodeInterop() {
    }

    /** Runs {@code node script} with {@code input} on stdin and returns stdout; fails on a non-zero exit. */
    public static String run(String script, String input) {
        ensureInstalled();
        return exec(List.of("node", script), input, 120);
    }

    private static synchronized void ensureInstalled() {
        if (Files.isDirectory(DIR.resolve("node_modules").resolve("standardwebhooks"))) {
            return;
        }
        exec(List.of("npm", "ci", "--no-audit", "--no-fund"), "", 300);
    }

    private static String exec(List<String> command, String input, int timeoutSeconds) {
        try {
            Path stderr = Files.createTempFile("node-interop", ".err");
            Process process = new ProcessBuilder(command).directory(DIR.toFile())
                    .redirectError(stderr.toFile()).start();
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + ": "
                        + Files.readString(stderr));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
