package com.partnerplatform.ygg.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code src/test/node/interop.js} (the real npm json-stable-stringify, JSON.parse, String(x) and
 * crypto.createHmac) on a batch of inputs in one node process. Installs the pinned packages with
 * {@code npm ci} when node_modules is missing. Without node the interop tests are skipped locally and fail
 * when {@code CI=true}.
 */
public final class NodeInterop {

    private static final Path NODE_DIR = locateNodeDir();
    /** {@code -Dnode.executable=/path/to/node} where node is not on the PATH. */
    private static final String NODE = System.getProperty("node.executable", "node");
    private static boolean ready;

    private NodeInterop() {
    }

    /** Call first in every interop test. */
    public static synchronized void requireNode() {
        if (ready) {
            return;
        }
        if (!commandSucceeds(NODE_DIR, 30, NODE, "--version")) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("node is required for the interop tests when CI=true, but `node --version` failed");
            }
            Assumptions.abort("node not installed: interop against the npm package skipped (fails when CI=true)");
        }
        if (!Files.isRegularFile(NODE_DIR.resolve("node_modules/json-stable-stringify/package.json"))
                || !Files.isRegularFile(NODE_DIR.resolve("node_modules/uuid/package.json"))) {
            if (!commandSucceeds(NODE_DIR, 600, "npm", "ci", "--no-audit", "--no-fund")) {
                fail("`npm ci` failed in " + NODE_DIR);
            }
        }
        ready = true;
    }

    /** Runs a line mode: one output line per input line. */
    public static List<String> runLines(String mode, List<String> inputLines) {
        StringBuilder sb = new StringBuilder();
        for (String line : inputLines) {
            sb.append(line).append('\n');
        }
        List<String> out = run(mode, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (out.size() != inputLines.size()) {
            fail("node answered " + out.size() + " lines for " + inputLines.size() + " inputs");
        }
        return out;
    }

    /** Runs a mode on raw input bytes; returns the output lines. */
    public static List<String> run(String mode, byte[] input) {
        requireNode();
        try {
            Path dir = Files.createTempDirectory("ygg-node-interop");
            Path in = dir.resolve("in");
            Path out = dir.resolve("out");
            Path log = dir.resolve("stderr");
            Files.write(in, input);
            Process p = new ProcessBuilder(NODE, NODE_DIR.resolve("interop.js").toString(), mode, in.toString(),
                    out.toString())
                    .directory(NODE_DIR.toFile())
                    .redirectOutput(log.toFile())
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("node interop.js " + mode + " timed out");
            }
            if (p.exitValue() != 0) {
                fail("node interop.js " + mode + " failed: " + Files.readString(log));
            }
            String text = Files.readString(out, StandardCharsets.ISO_8859_1);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            Files.delete(in);
            Files.delete(out);
            Files.delete(log);
            Files.delete(dir);
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs another script of the node folder with arguments and extra environment (how secrets reach it: never
     * on the command line); returns its stdout. Fails the test on a non-zero exit, showing stderr.
     */
    public static String runScript(String script, List<String> args, java.util.Map<String, String> env) {
        requireNode();
        try {
            Path dir = Files.createTempDirectory("ygg-node-script");
            Path out = dir.resolve("stdout");
            Path log = dir.resolve("stderr");
            List<String> command = new ArrayList<>(List.of(NODE, NODE_DIR.resolve(script).toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(NODE_DIR.toFile())
                    .redirectOutput(out.toFile()).redirectError(log.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("node " + script + " timed out");
            }
            if (p.exitValue() != 0) {
                fail("node " + script + " failed: " + Files.readString(log));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            Files.delete(log);
            Files.delete(dir);
            return stdout;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Java string as interop.js reads it: base64 of its UTF-16LE code units (lone surrogates survive). */
    public static String encode(String s) {
        byte[] b = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            b[2 * i] = (byte) s.charAt(i);
            b[2 * i + 1] = (byte) (s.charAt(i) >> 8);
        }
        return Base64.getEncoder().encodeToString(b);
    }

    /** Inverse of {@link #encode}. */
    public static String decode(String b64) {
        byte[] b = Base64.getDecoder().decode(b64);
        char[] c = new char[b.length / 2];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) (b[2 * i] & 0xFF | (b[2 * i + 1] & 0xFF) << 8);
        }
        return new String(c);
    }

    private static boolean commandSucceeds(Path dir, int timeoutSeconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path locateNodeDir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(here.resolve("src/test/node"), here.resolve("ygg-hmac-gateway/src/test/node"))) {
            if (Files.isRegularFile(candidate.resolve("interop.js"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("src/test/node/interop.js not found from " + here);
    }
}
