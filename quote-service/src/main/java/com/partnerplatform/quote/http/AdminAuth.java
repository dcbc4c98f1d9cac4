package com.partnerplatform.quote.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.partnerplatform.quote.quote.QuoteConfig;
import com.partnerplatform.runtime.problem.ProblemException;

/**
 * The operator's bearer token for {@code /admin/*}. Compared in constant time over SHA-256 digests
 * (equal length whatever was sent, so neither content nor length leaks through timing). With no
 * token configured the admin API is closed.
 */
@ApplicationScoped
public class AdminAuth {

    private final byte[] expectedDigest;

    public AdminAuth(QuoteConfig config) {
        this.expectedDigest = config.admin().token().filter(t -> t.length() >= 16).map(AdminAuth::sha256).orElse(null);
    }

    /** @throws ProblemException 401 {@code admin.unauthorized} unless the header carries the token */
    public void require(String authorization) {
        boolean ok = false;
        if (expectedDigest != null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ok = MessageDigest.isEqual(expectedDigest, sha256(authorization.substring(7).trim()));
        }
        if (!ok) {
            throw new ProblemException(401, "admin.unauthorized", "Unauthorized",
                    "a valid operator token is required (Authorization: Bearer <token>)", List.of(),
                    Map.of("WWW-Authenticate", "Bearer realm=\"quote-admin\""));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
