package com.partnerplatform.quote.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs {@code src/test/node/verify-quotes.mjs}: the npm packages jose and canonicalize verify
 * quotes through the service's published JWKS URL, as an independent implementation would.
 * Installs the pinned packages with {@code npm ci} on first use.
 */
public final class NodeVerifier {

    private static final Path DIR = Path.of("src", "test", "node");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NodeVerifier() {
    }

    /** One result per JWS: {ok, header, headerMembers, canonical, claims} or {ok:false, error}. */
    public static List<JsonNode> verify(String jwksUrl, List<String> jws) {
        try {
            installIfNeeded();
            Process node = new ProcessBuilder("node", "verify-quotes.mjs", jwksUrl).directory(DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            node.getOutputStream().write(MAPPER.writeValueAsBytes(Map.of("jws", jws)));
            node.getOutputStream().close();
            byte[] out = node.getInputStream().readAllBytes();
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException("node verify-quotes.mjs failed: " + new String(out, StandardCharsets.UTF_8));
            }
            List<JsonNode> results = new ArrayList<>();
            MAPPER.readTree(out).forEach(results::add);
            return results;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void installIfNeeded() throws IOException, InterruptedException {
        if (Files.isDirectory(DIR.resolve("node_modules").resolve("jose"))
                && Files.isDirectory(DIR.resolve("node_modules").resolve("canonicalize"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile()).inheritIO().start();
        if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed in " + DIR.toAbsolutePath());
        }
    }
}
