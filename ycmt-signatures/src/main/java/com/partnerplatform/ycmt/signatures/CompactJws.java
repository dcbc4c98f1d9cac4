package com.partnerplatform.ycmt.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;

/**
 * Produces the profile's compact JWS (quote spec s.12): validate claims, canonicalise the payload
 * with JCS, build the closed protected header {@code {"alg":"RS256","kid":...,"typ":"JWT"}} (also
 * canonical), sign {@code base64url(header) "." base64url(payload)} (unpadded), append the signature.
 *
 * <p>Two ways in: {@link #sign} does everything with one {@link SigningKey}; a custody that batches
 * (e.g. one Vault {@code batch_input} call for many quotes) calls {@link #signingInput} per quote,
 * signs all inputs at once, then {@link #assemble} each result.
 */
public final class CompactJws {

    private CompactJws() {
    }

    /**
     * Validates, canonicalises, signs and then verifies the result against {@code key.publicKey()}
     * before returning it: a custody that answers with the wrong key or padding (Vault's default is
     * PSS) fails here instead of shipping an unverifiable quote.
     *
     * @throws ClaimsException if the claims break a rule of {@code artefact}
     * @throws SigningException if the custody fails or returns a signature that does not verify
     */
    public static String sign(Artefact artefact, Map<String, ?> claims, SigningKey key) throws SigningException {
        RSAPublicKey publicKey = key.publicKey();
        try {
            Rs256.requireAcceptable(publicKey, "signing key " + key.kid());
        } catch (IllegalArgumentException e) {
            throw new SigningException(e.getMessage());
        }
        byte[] input = signingInput(artefact, claims, key.kid());
        return assemble(input, key.sign(input.clone()), publicKey);
    }

    /**
     * The ASCII bytes {@code base64url(header) "." base64url(canonicalPayload)} that RS256 signs.
     *
     * @throws ClaimsException if the claims break a rule of {@code artefact}
     * @throws IllegalArgumentException if the kid is not 1-256 visible ASCII characters
     */
    public static byte[] signingInput(Artefact artefact, Map<String, ?> claims, String kid) {
        Jwk.requireKid(kid);
        JsonNode payload;
        try {
            payload = StrictJson.fromJava(claims);
        } catch (JcsException e) {
            throw new ClaimsException(artefact.claimsError(), null, e.getMessage());
        }
        artefact.validate(payload);
        return (Base64Url.encode(header(kid)) + "." + Base64Url.encode(Jcs.canonicalizeChecked(payload)))
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends {@code "." base64url(signature)} to a signing input. No verification: see the 3-argument form. */
    public static String assemble(byte[] signingInput, byte[] signature) {
        if (signature == null || signature.length == 0) {
            throw new IllegalArgumentException("signature is empty");
        }
        return new String(signingInput, StandardCharsets.US_ASCII) + "." + Base64Url.encode(signature);
    }

    /**
     * {@link #assemble(byte[], byte[])} after checking the signature verifies under {@code publicKey}
     * (quote spec s.17: "generated JWS verifies locally before being sent").
     *
     * @throws SigningException if it does not verify
     */
    public static String assemble(byte[] signingInput, byte[] signature, RSAPublicKey publicKey) throws SigningException {
        if (!Rs256.verify(publicKey, signingInput, signature)) {
            throw new SigningException("custody returned a signature that does not verify as RS256 "
                    + "(RSASSA-PKCS1-v1_5, SHA-256) under the key's public half");
        }
        return assemble(signingInput, signature);
    }

    /**
     * The closed protected header as canonical JSON bytes. Written directly rather than through
     * {@link Jcs} (it is on every signature's path): members are already in JCS order and a valid kid
     * is visible ASCII, where JCS escapes only {@code "} and {@code \\}. CompactJwsTest checks
     * the result equals {@link Jcs#canonicalize(Map)} for such kids.
     */
    static byte[] header(String kid) {
        StringBuilder header = new StringBuilder(48 + kid.length()).append("{\"alg\":\"RS256\",\"kid\":\"");
        for (int i = 0; i < kid.length(); i++) {
            char c = kid.charAt(i);
            if (c == '"' || c == '\\') {
                header.append('\\');
            }
            header.append(c);
        }
        return header.append("\",\"typ\":\"JWT\"}").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
