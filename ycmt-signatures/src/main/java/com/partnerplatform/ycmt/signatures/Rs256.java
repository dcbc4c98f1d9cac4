package com.partnerplatform.ycmt.signatures;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;

/** RS256 (RSASSA-PKCS1-v1_5 with SHA-256) through JCA, and the key-size rule of both specs. */
final class Rs256 {

    static final String JCA_ALGORITHM = "SHA256withRSA";
    /** Both specs: "Minimum key size RSA-2048". */
    static final int MIN_BITS = 2048;
    /** Not a spec rule: caps the cost an attacker-chosen key can impose on a verifier. */
    static final int MAX_BITS = 16384;

    private Rs256() {
    }

    /** Throws unless the key is an RSA key the profile accepts; {@code what} names it in the message. */
    static void requireAcceptable(RSAPublicKey key, String what) {
        if (key == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        int bits = key.getModulus().bitLength();
        if (bits < MIN_BITS) {
            throw new IllegalArgumentException(what + " is RSA-" + bits + "; the profile requires at least RSA-" + MIN_BITS);
        }
        if (bits > MAX_BITS) {
            throw new IllegalArgumentException(what + " is RSA-" + bits + "; this library accepts at most RSA-" + MAX_BITS);
        }
        BigInteger e = key.getPublicExponent();
        if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
            throw new IllegalArgumentException(what + " has an invalid RSA public exponent");
        }
    }

    /** Signs with a JCA private key; {@code provider} null means the JDK's provider selection. */
    static byte[] sign(PrivateKey key, Provider provider, byte[] input) throws GeneralSecurityException {
        Signature signature = provider == null ? Signature.getInstance(JCA_ALGORITHM) : Signature.getInstance(JCA_ALGORITHM, provider);
        signature.initSign(key);
        signature.update(input);
        return signature.sign();
    }

    /** True only for a valid RS256 signature of exactly the modulus length. */
    static boolean verify(RSAPublicKey key, byte[] input, byte[] signatureBytes) {
        if (signatureBytes == null || signatureBytes.length != (key.getModulus().bitLength() + 7) / 8) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(JCA_ALGORITHM);
            signature.initVerify(key);
            signature.update(input);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
