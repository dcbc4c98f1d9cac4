package com.partnerplatform.ycmt.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the spec's local verification checklist (quote spec s.18) step by step, strictly, on a
 * compact JWS of any of the three artefacts. "If local verification fails, the API verification
 * will also fail": so this is deliberately at least as strict as the partner API, e.g. it demands a
 * closed header and a payload already in JCS canonical form, byte for byte.
 *
 * <p>Thread-safe and cheap to construct; build a new one when the JWKS changes.
 */
public final class LocalVerifier {

    /** Largest compact JWS accepted, in characters; far above any artefact of the profile. */
    public static final int MAX_JWS_CHARS = 256 * 1024;

    static final Set<String> HEADER_PARAMETERS = Set.of("alg", "kid", "typ");
    /** Quote spec s.5 "Do not include these header fields". */
    static final Set<String> FORBIDDEN_HEADER_PARAMETERS = Set.of("crit", "x5c", "x5t", "x5u", "jku", "jwk");

    static final String[] STEP_NAMES = {
        "split compact JWS into three parts",
        "decode protected header",
        "confirm alg = RS256",
        "confirm kid exists in active JWKS",
        "decode payload",
        "re-canonicalise payload",
        "rebuild signing input",
        "verify signature using public key",
        "confirm all required fields exist",
        "confirm not expired",
    };

    private final Jwks jwks;
    private final Clock clock;

    /**
     * @param jwks the active keys; a kid not in it fails step 4
     * @param clock the time step 10 compares {@code exp} with
     */
    public LocalVerifier(Jwks jwks, Clock clock) {
        this.jwks = Objects.requireNonNull(jwks);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Verifies {@code compactJws} as {@code artefact}; never throws for bad input, it reports it. */
    public VerificationReport verify(String compactJws, Artefact artefact) {
        return new Run(Objects.requireNonNull(artefact)).run(compactJws);
    }

    /** One verification; steps stop at the first failure and the rest are SKIPPED. */
    private final class Run {
        private final Artefact artefact;
        private final List<VerificationReport.Step> steps = new ArrayList<>();
        private ErrorCode error;
        private String kid;

        Run(Artefact artefact) {
            this.artefact = artefact;
        }

        VerificationReport run(String jws) {
            try {
                verifySteps(jws);
            } catch (StepFailed e) {
                while (steps.size() < STEP_NAMES.length) {
                    skip("not run: step " + e.step + " failed");
                }
            }
            return new VerificationReport(artefact, steps, error, kid, claims);
        }

        private Map<String, Object> claims = Map.of();

        @SuppressWarnings("unchecked")
        private void verifySteps(String jws) {
            // 1
            if (jws == null || jws.isEmpty()) {
                fail(artefact.signatureError(), "no JWS given");
            }
            if (jws.length() > MAX_JWS_CHARS) {
                fail(artefact.signatureError(), "JWS is " + jws.length() + " chars, the limit is " + MAX_JWS_CHARS);
            }
            String[] parts = jws.split("\\.", -1);
            if (parts.length != 3) {
                fail(artefact.signatureError(), "compact JWS must have exactly 3 dot-separated parts, found " + parts.length);
            }
            for (int i = 0; i < 3; i++) {
                if (parts[i].isEmpty()) {
                    fail(artefact.signatureError(), new String[] {"header", "payload", "signature"}[i] + " part is empty");
                }
            }
            pass("header, payload and signature parts");

            // 2
            byte[] headerBytes = decodeBytes(parts[0], "protected header");
            JsonNode header = parseJson(headerBytes, "protected header");
            if (!header.isObject()) {
                fail(artefact.signatureError(), "protected header is not a JSON object");
            }
            for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (FORBIDDEN_HEADER_PARAMETERS.contains(name)) {
                    fail(artefact.signatureError(), "forbidden header parameter '" + name + "' (the header is closed: alg, kid, typ)");
                }
                if (!HEADER_PARAMETERS.contains(name)) {
                    fail(artefact.signatureError(), "unexpected header parameter '" + name + "' (the header is closed: alg, kid, typ)");
                }
            }
            for (String name : List.of("alg", "kid")) {
                if (!header.path(name).isTextual()) {
                    fail(artefact.signatureError(), "header parameter '" + name + "' is missing or not a string");
                }
            }
            if (header.has("typ") && !"JWT".equals(header.get("typ").textValue())) {
                fail(artefact.signatureError(), "header parameter 'typ' must be \"JWT\"");
            }
            kid = header.get("kid").textValue();
            pass("closed header with " + String.join(", ", iterable(header.fieldNames())));

            // 3
            if (!"RS256".equals(header.get("alg").textValue())) {
                fail(artefact.signatureError(), "alg is not RS256");
            }
            pass("alg is RS256");

            // 4
            Jwk key = jwks.find(kid).orElse(null);
            if (key == null) {
                fail(artefact.signatureError(), "kid " + printable(kid) + " is not in the JWKS");
            }
            pass("kid " + kid + " selects an RSA-" + key.publicKey().getModulus().bitLength() + " key");

            // 5
            byte[] payloadBytes = decodeBytes(parts[1], "payload");
            JsonNode payload = parseJson(payloadBytes, "payload");
            if (!payload.isObject()) {
                fail(artefact.signatureError(), "payload is not a JSON object");
            }
            pass(payloadBytes.length + " bytes of JSON object with " + payload.size() + " members");

            // 6
            byte[] canonical = Jcs.canonicalizeChecked(payload);
            if (!java.util.Arrays.equals(canonical, payloadBytes)) {
                fail(artefact.signatureError(), "payload bytes are not the JCS canonical form (first difference at byte "
                        + java.util.Arrays.mismatch(canonical, payloadBytes) + ")");
            }
            pass("payload bytes are exactly the JCS canonical form");

            // 7: also catches a non-canonical base64url text (non-zero trailing bits) of the same bytes
            String rebuilt = Base64Url.encode(headerBytes) + "." + Base64Url.encode(canonical);
            if (!rebuilt.equals(parts[0] + "." + parts[1])) {
                fail(artefact.signatureError(), "signing input rebuilt from the decoded header and canonical payload "
                        + "differs from the JWS (non-canonical base64url)");
            }
            pass("base64url(header).base64url(canonical payload), " + rebuilt.length() + " bytes");

            // 8
            byte[] signature;
            try {
                signature = Base64Url.decode(parts[2], "signature");
            } catch (IllegalArgumentException e) {
                throw fail(artefact.signatureError(), e.getMessage());
            }
            if (!Rs256.verify(key.publicKey(), rebuilt.getBytes(StandardCharsets.US_ASCII), signature)) {
                fail(artefact.signatureError(), "RS256 signature does not verify under kid " + kid);
            }
            pass("RS256 signature verifies under kid " + kid);

            // 9
            try {
                artefact.validate(payload);
                if (artefact == Artefact.REGISTRATION_PROOF) {
                    requireProofOfPossession(payload, key);
                }
            } catch (ClaimsException e) {
                fail(e.errorCode(), (e.claim() == null ? "" : e.claim() + ": ") + e.rule());
            }
            pass("all " + artefact.claimNames().size() + " claims of " + artefact.versionClaim() + " present and valid");

            // 10
            claims = (Map<String, Object>) StrictJson.toJava(payload);
            if (artefact == Artefact.QUOTE) {
                long exp = payload.get("exp").longValue();
                long now = Instant.now(clock).getEpochSecond();
                if (now >= exp) {
                    fail(artefact.expiryError(), "quote expired at exp " + exp + ", now is " + now);
                }
                pass("valid for " + (exp - now) + " more seconds");
            } else {
                skip("no exp claim; the challenge's expiry is enforced by its issuer");
            }
        }

        /** The proof must be signed by the very key it registers, under that key's kid. */
        private void requireProofOfPossession(JsonNode payload, Jwk verifyingKey) {
            Jwk registered = ClaimRules.deviceJwk(payload);
            if (!registered.kid().equals(kid)) {
                throw new ClaimsException(artefact.claimsError(), "device_public_key_jwk", "kid must equal the JWS header kid");
            }
            if (!verifyingKey.sameKeyAs(registered.publicKey())) {
                throw new ClaimsException(artefact.claimsError(), "device_public_key_jwk",
                        "must be the key that signed the proof (proof of possession)");
            }
        }

        private byte[] decodeBytes(String part, String what) {
            try {
                return Base64Url.decodeAlphabet(part, what);
            } catch (IllegalArgumentException e) {
                throw fail(artefact.signatureError(), e.getMessage());
            }
        }

        private JsonNode parseJson(byte[] bytes, String what) {
            try {
                return StrictJson.parse(StrictJson.decodeUtf8(bytes));
            } catch (JcsException e) {
                throw fail(artefact.signatureError(), what + ": " + e.getMessage());
            }
        }

        private void pass(String detail) {
            add(VerificationReport.Status.PASS, detail);
        }

        private void skip(String detail) {
            add(VerificationReport.Status.SKIPPED, detail);
        }

        private StepFailed fail(ErrorCode code, String detail) {
            int step = steps.size() + 1;
            add(VerificationReport.Status.FAIL, detail);
            error = code;
            throw new StepFailed(step);
        }

        private void add(VerificationReport.Status status, String detail) {
            int number = steps.size() + 1;
            steps.add(new VerificationReport.Step(number, STEP_NAMES[number - 1], status, detail));
        }
    }

    private static Iterable<String> iterable(Iterator<String> it) {
        List<String> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    /** A kid from an unverified header, made safe for a log line. */
    private static String printable(String kid) {
        String cut = kid.length() > 64 ? kid.substring(0, 64) + "..." : kid;
        return cut.replaceAll("[^\\x21-\\x7e]", "?");
    }

    private static final class StepFailed extends RuntimeException {
        final int step;

        StepFailed(int step) {
            super(null, null, false, false);
            this.step = step;
        }
    }
}
