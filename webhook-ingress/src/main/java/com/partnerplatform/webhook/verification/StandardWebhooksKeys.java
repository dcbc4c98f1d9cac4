package com.partnerplatform.webhook.verification;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

/**
 * Reads Standard Webhooks verification material: {@code whsec_<base64>} HMAC secrets and
 * {@code whpk_<base64>} ed25519 public keys, the latter either the raw 32-byte key or its
 * SubjectPublicKeyInfo DER. Errors name the list position, never the value.
 */
public final class StandardWebhooksKeys {

    static final String SECRET_PREFIX = "whsec_";
    static final String PUBLIC_KEY_PREFIX = "whpk_";
    /** Below 128 bits an HMAC key is guessable; the spec asks for 24 to 64 bytes. */
    static final int MIN_SECRET_BYTES = 16;
    static final int MAX_SECRET_BYTES = 64;
    /** SubjectPublicKeyInfo of an Ed25519 key (RFC 8410) up to the 32 key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int ED25519_KEY_BYTES = 32;

    private StandardWebhooksKeys() {
    }

    public static List<SecretKeySpec> secrets(List<String> configured, String property) {
        List<SecretKeySpec> keys = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            String value = configured.get(i).trim();
            String where = property + "[" + i + "]";
            if (!value.startsWith(SECRET_PREFIX)) {
                throw new IllegalArgumentException(where + " must be a whsec_ secret");
            }
            byte[] key = decode(value.substring(SECRET_PREFIX.length()), where);
            if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
                throw new IllegalArgumentException(where + " must decode to " + MIN_SECRET_BYTES + " to "
                        + MAX_SECRET_BYTES + " bytes");
            }
            keys.add(new SecretKeySpec(key, "HmacSHA256"));
        }
        return keys;
    }

    public static List<PublicKey> publicKeys(List<String> configured, String property) {
        List<PublicKey> keys = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            String value = configured.get(i).trim();
            String where = property + "[" + i + "]";
            if (!value.startsWith(PUBLIC_KEY_PREFIX)) {
                throw new IllegalArgumentException(where + " must be a whpk_ public key");
            }
            keys.add(ed25519(decode(value.substring(PUBLIC_KEY_PREFIX.length()), where), where));
        }
        return keys;
    }

    /** An Ed25519 public key from its raw 32 bytes or its SubjectPublicKeyInfo DER. */
    static PublicKey ed25519(byte[] encoded, String where) {
        byte[] spki;
        if (encoded.length == ED25519_KEY_BYTES) {
            spki = new byte[ED25519_SPKI_PREFIX.length + ED25519_KEY_BYTES];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(encoded, 0, spki, ED25519_SPKI_PREFIX.length, ED25519_KEY_BYTES);
        } else {
            spki = encoded;
        }
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())) {
                throw new IllegalArgumentException(where + " is not an Ed25519 key");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(where + " is neither a raw 32-byte nor an SPKI DER Ed25519 public key");
        }
    }

    private static byte[] decode(String base64, String where) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not valid base64");
        }
    }
}
