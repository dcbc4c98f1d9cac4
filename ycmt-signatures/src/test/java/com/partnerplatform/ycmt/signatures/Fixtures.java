package com.partnerplatform.ycmt.signatures;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared test material: real RSA keys (generated once per JVM), the spec's example values, a raw JWS signer. */
public final class Fixtures {

    /** 2026-05-11T14:30:12Z, the spec example's issued_at. */
    public static final Instant ISSUED_AT = Instant.parse("2026-05-11T14:30:12Z");
    public static final Instant EXPIRES_AT = Instant.parse("2026-05-11T15:30:12Z");
    /** Ten minutes after issue: inside the example quote's validity. */
    public static final Clock DURING_VALIDITY = Clock.fixed(ISSUED_AT.plusSeconds(600), ZoneOffset.UTC);

    private static final Map<String, KeyPair> PAIRS = new java.util.HashMap<>();

    private Fixtures() {
    }

    /** A real RSA key pair generated once per JVM per name (the tests need the private half to forge). */
    public static synchronized KeyPair pair(String name, int bits) {
        return PAIRS.computeIfAbsent(name + "/" + bits, n -> {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(bits);
                return generator.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public static KeyPair pair2048() {
        return pair("main", 2048);
    }

    public static KeyPair pair3072() {
        return pair("main", 3072);
    }

    public static KeyPair rsa1024() {
        return pair("small", 1024);
    }

    /** kid pr-key-01 over {@link #pair2048()}. */
    public static JcaSigningKey rsa2048() {
        return key("pr-key-01", pair2048());
    }

    /** A different key that claims the same kid as {@link #rsa2048()}, for wrong-key tests. */
    public static JcaSigningKey otherRsa2048() {
        return key("pr-key-01", pair("other", 2048));
    }

    /** kid pr-key-02 over {@link #pair3072()}. */
    public static JcaSigningKey rsa3072() {
        return key("pr-key-02", pair3072());
    }

    public static JcaSigningKey key(String kid, KeyPair pair) {
        return new JcaSigningKey(kid, pair.getPrivate(), (RSAPublicKey) pair.getPublic(), null);
    }

    public static Jwks jwks() {
        return Jwks.of(Jwk.of(rsa2048()), Jwk.of(rsa3072()));
    }

    /** The spec's s.6 example quote, with iat/exp corrected to match issued_at/expires_at. */
    public static QuoteClaims quote() {
        return new QuoteClaims("QT-PARTNER-2026-05-11-0000000123", "01HX9F2J7K3M5N7P9Q1R3T5V88",
                "PRT-YESCASH-EU-DEMO-PARTNER", 123, "SUB-01HX9F2J7K3M5N7P9Q1R3T5V7W",
                new BigDecimal("100.00"), "EUR", new BigDecimal("1085.00"), "MAD", "MA", "MAD", "ES-MA",
                "OPEN_PAYMENT", new BigDecimal("10.8500"), new BigDecimal("1.50"), new BigDecimal("1.00"),
                new BigDecimal("102.50"), ISSUED_AT, EXPIRES_AT);
    }

    /** A mutable copy of the example quote's claims. */
    public static Map<String, Object> quoteClaims() {
        return new LinkedHashMap<>(quote().toClaims());
    }

    public static Path sharedDir() {
        String configured = System.getProperty("shared.dir");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        return Path.of("../../shared");
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String b64(String utf8) {
        return b64(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signs arbitrary header and payload text with the JDK alone, bypassing every rule of the
     * library: how the negative tests forge JWSs whose signature is valid but whose content is not.
     */
    public static String rawJws(String headerJson, String payloadText, PrivateKey key) throws Exception {
        String input = b64(headerJson) + "." + b64(payloadText);
        return input + "." + b64(rawSign(key, input));
    }

    public static byte[] rawSign(PrivateKey key, String input) throws Exception {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return signature.sign();
    }

    public static boolean rawVerify(RSAPublicKey key, String input, byte[] sig) throws Exception {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return signature.verify(sig);
    }
}
