package com.partnerplatform.systemtests.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.serde.Json;

/**
 * Verifies quotes as YCMT would, with code that shares nothing with the platform: quote-service's
 * interop script ({@code quote-service/src/test/node/verify-quotes.mjs}: npm jose fetching the
 * JWKS over HTTP and verifying RS256, npm canonicalize checking the payload is RFC 8785
 * canonical), run with node from its locked packages ({@code npm ci} on first use).
 */
public final class NodeQuoteVerifier {

    private NodeQuoteVerifier() {
    }

    /** One result per JWS, in order: {ok, header, headerMembers, canonical, claims} or {ok:false, error}. */
    public static List<JsonNode> verify(String jwksUrl, List<String> jws) throws IOException, InterruptedException {
        Path dir = Repo.root().resolve("quote-service/src/test/node");
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile()), null);
        }
        byte[] out = run(new ProcessBuilder("node", "verify-quotes.mjs", jwksUrl).directory(dir.toFile()),
                Json.MAPPER.writeValueAsBytes(Map.of("jws", jws)));
        JsonNode results = Json.MAPPER.readTree(out);
        return java.util.stream.StreamSupport.stream(results.spliterator(), false).toList();
    }

    private static byte[] run(ProcessBuilder builder, byte[] stdin) throws IOException, InterruptedException {
        Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", builder.command()) + " failed: "
                    + new String(out, StandardCharsets.UTF_8));
        }
        return out;
    }
}
