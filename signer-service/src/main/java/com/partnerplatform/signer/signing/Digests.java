package com.partnerplatform.signer.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 helpers for audit digests. */
public final class Digests {

    private Digests() {
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex SHA-256 of the canonical payload inside a JWS signing input (its second base64url part). */
    public static String payloadSha256(byte[] signingInput) {
        String text = new String(signingInput, StandardCharsets.US_ASCII);
        return sha256Hex(Base64.getUrlDecoder().decode(text.substring(text.indexOf('.') + 1)));
    }
}
