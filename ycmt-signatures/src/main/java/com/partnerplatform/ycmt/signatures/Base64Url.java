package com.partnerplatform.ycmt.signatures;

import java.util.Base64;

/**
 * base64url without padding (RFC 7515 s.2), decoded strictly: only the URL-safe alphabet, no '=',
 * no whitespace, and only the canonical encoding (unused trailing bits zero), so each byte string
 * has exactly one accepted text and a JWS cannot be altered without changing what it decodes to.
 */
final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * @param what names the decoded item in the error message
     * @throws IllegalArgumentException naming the rule that failed
     */
    static byte[] decode(String text, String what) {
        byte[] bytes = decodeAlphabet(text, what);
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException(what + " is not canonical base64url: non-zero trailing bits");
        }
        return bytes;
    }

    /**
     * Checks alphabet, padding and length but leaves the canonical-encoding check to the caller, so
     * the verifier can report it at its own checklist step (rebuilding the signing input).
     */
    static byte[] decodeAlphabet(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException(what + " is not unpadded base64url: "
                        + (c == '=' ? "padding" : "character outside the URL-safe alphabet") + " at index " + i);
            }
        }
        if (text.length() % 4 == 1) {
            throw new IllegalArgumentException(what + " is not unpadded base64url: impossible length");
        }
        return DECODER.decode(text);
    }
}
