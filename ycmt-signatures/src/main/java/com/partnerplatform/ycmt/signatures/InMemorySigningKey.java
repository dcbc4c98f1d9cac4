package com.partnerplatform.ycmt.signatures;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * An ephemeral RSA key generated in this JVM's memory with the JDK provider: for tests and the
 * signer's {@code dev} custody only. It is never persisted or exported; it dies with the JVM.
 */
public final class InMemorySigningKey extends JcaSigningKey {

    /** Both specs recommend RSA-3072. */
    public static final int DEFAULT_BITS = 3072;

    private InMemorySigningKey(String kid, KeyPair pair) {
        super(kid, pair.getPrivate(), (RSAPublicKey) pair.getPublic(), null);
    }

    /** A fresh RSA-3072 key. */
    public static InMemorySigningKey generate(String kid) {
        return generate(kid, DEFAULT_BITS);
    }

    /**
     * A fresh RSA key of {@code bits} (at least 2048), public exponent 65537.
     *
     * @throws IllegalArgumentException for fewer than 2048 bits or a bad kid
     */
    public static InMemorySigningKey generate(String kid, int bits) {
        if (bits < Rs256.MIN_BITS) {
            throw new IllegalArgumentException("RSA-" + bits + " is below the profile's minimum RSA-" + Rs256.MIN_BITS);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), new SecureRandom());
            return new InMemorySigningKey(kid, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot generate RSA-" + bits + " keys", e);
        }
    }
}
