package com.partnerplatform.signer.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.partnerplatform.runtime.problem.ProblemException;

/**
 * The admin bearer token check. Both sides are hashed before {@link MessageDigest#isEqual}, so the
 * comparison takes the same time whatever the presented token's length or first wrong byte.
 */
public final class AdminToken {

    /** Shorter tokens are refused at start: they could be guessed. */
    public static final int MIN_LENGTH = 32;

    private final byte[] expectedDigest;

    private AdminToken(byte[] expectedDigest) {
        this.expectedDigest = expectedDigest;
    }

    /** Empty token = admin disabled. */
    public static AdminToken of(Optional<String> token) {
        if (token.isEmpty() || token.get().isBlank()) {
            return new AdminToken(null);
        }
        if (token.get().length() < MIN_LENGTH) {
            throw new IllegalStateException("signer.admin.token must be at least " + MIN_LENGTH + " characters");
        }
        return new AdminToken(sha256(token.get()));
    }

    /**
     * @param authorization the Authorization header
     * @throws ProblemException 404 when admin is disabled, 401 when the token is missing or wrong
     */
    public void require(String authorization) {
        if (expectedDigest == null) {
            throw new ProblemException(404, "admin.disabled", "Not Found", "the admin API is disabled (no signer.admin.token)");
        }
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(expectedDigest, sha256(presented))) {
            throw new ProblemException(401, "admin.unauthorized", "Unauthorized", "a valid admin bearer token is required",
                    List.of(), Map.of("WWW-Authenticate", "Bearer realm=\"signer-admin\""));
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
