package com.partnerplatform.ycmt.signatures.cli;

import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;
import com.partnerplatform.ycmt.signatures.VerificationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line local verifier: runs the quote spec's s.18 checklist on one compact JWS and prints
 * every step. Exit status 0 = valid, 1 = invalid (including a rejected JWKS), 2 = usage or
 * unreadable input.
 *
 * <pre>
 * java -jar ycmt-signatures-1.0.0-SNAPSHOT-cli.jar verify --jwks FILE|URL --jws FILE
 *      [--type quote|registration|assertion] [--now EPOCH_SECONDS]
 * </pre>
 */
public final class VerifyCommand {

    static final String USAGE = """
            usage: verify --jwks FILE|URL --jws FILE [--type quote|registration|assertion] [--now EPOCH_SECONDS]
              --jwks  JWKS as a file, or an http(s) URL fetched with a 5 s connect / 10 s response timeout
              --jws   file holding one compact JWS (surrounding whitespace is ignored)
              --type  artefact to verify as (default quote)
              --now   verification time in epoch seconds (default: the system clock)
            exit status: 0 valid, 1 invalid, 2 usage or unreadable input""";

    /** Larger inputs are refused before parsing; real JWKS and JWS are a few kilobytes. */
    static final int MAX_INPUT_BYTES = 1 << 20;

    private static final Map<String, Artefact> TYPES = Map.of(
            "quote", Artefact.QUOTE,
            "registration", Artefact.REGISTRATION_PROOF,
            "assertion", Artefact.TRANSFER_ASSERTION);

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        // jose4j logs through SLF4J; the jar ships no binding, and a CLI should not warn about that
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.exit(run(args, System.out, System.err));
    }

    /** The whole command, with its streams injectable for tests; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(USAGE);
            return 0;
        }
        if (args.length == 0 || !args[0].equals("verify")) {
            return usage(err, "the only command is 'verify'");
        }
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            if (!Map.of("--jwks", 1, "--jws", 1, "--type", 1, "--now", 1).containsKey(name)) {
                return usage(err, "unknown option " + name);
            }
            if (i + 1 >= args.length) {
                return usage(err, name + " needs a value");
            }
            if (options.put(name, args[++i]) != null) {
                return usage(err, name + " given twice");
            }
        }
        if (!options.containsKey("--jwks") || !options.containsKey("--jws")) {
            return usage(err, "--jwks and --jws are required");
        }
        Artefact artefact = TYPES.get(options.getOrDefault("--type", "quote").toLowerCase(Locale.ROOT));
        if (artefact == null) {
            return usage(err, "--type must be quote, registration or assertion");
        }
        Clock clock;
        try {
            clock = options.containsKey("--now")
                    ? Clock.fixed(Instant.ofEpochSecond(Long.parseLong(options.get("--now"))), ZoneOffset.UTC)
                    : Clock.systemUTC();
        } catch (RuntimeException e) {
            return usage(err, "--now must be epoch seconds");
        }

        String jwksText;
        String jws;
        try {
            jwksText = readJwks(options.get("--jwks"));
            jws = new String(readFile(Path.of(options.get("--jws"))), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot read input: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
            return 2;
        }

        out.println("YCMT local verification of " + artefact.versionClaim() + " at " + clock.instant()
                + " (" + clock.instant().getEpochSecond() + ")");
        Jwks jwks;
        try {
            jwks = Jwks.parse(jwksText);
        } catch (IllegalArgumentException e) {
            out.println(" - FAIL    JWKS rejected: " + e.getMessage());
            out.println("RESULT: INVALID (JWKS rejected)");
            return 1;
        }
        out.println(" - PASS    JWKS: " + jwks.keys().size() + " key(s): "
                + String.join(", ", jwks.keys().stream().map(k -> k.kid()).toList()));
        VerificationReport report = new LocalVerifier(jwks, clock).verify(jws, artefact);
        out.println(report);
        return report.ok() ? 0 : 1;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println(USAGE);
        return 2;
    }

    private static String readJwks(String location) throws IOException {
        if (location.startsWith("https://") || location.startsWith("http://")) {
            return fetch(URI.create(location));
        }
        return new String(readFile(Path.of(location)), StandardCharsets.UTF_8);
    }

    private static byte[] readFile(Path path) throws IOException {
        if (Files.size(path) > MAX_INPUT_BYTES) {
            throw new IOException(path + " is larger than " + MAX_INPUT_BYTES + " bytes");
        }
        return Files.readAllBytes(path);
    }

    /** No redirects: a JWKS location that moves should be reconfigured, not followed silently. */
    private static String fetch(URI uri) throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json, application/jwk-set+json")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("JWKS URL answered HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_INPUT_BYTES + 1);
                if (bytes.length > MAX_INPUT_BYTES) {
                    throw new IOException("JWKS response is larger than " + MAX_INPUT_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the JWKS");
        }
    }
}
