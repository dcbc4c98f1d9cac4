package com.partnerplatform.ycmt.signatures;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * A {@link SigningKey} over any JCA private key: a software key, a PKCS#11 token key or an
 * AndroidKeyStore key. It holds the {@link PrivateKey} handle only to call {@code Signature.initSign}
 * and never reads or returns key bytes, so non-extractable keys stay non-extractable.
 */
public class JcaSigningKey implements SigningKey {

    private final String kid;
    private final PrivateKey privateKey;
    private final RSAPublicKey publicKey;
    private final Provider provider;

    /**
     * @param publicKey the public half; its size is checked here because token keys often do not
     *     expose it through the private handle
     * @param provider the provider that owns the key, or {@code null} for JCA's own selection
     * @throws IllegalArgumentException for a bad kid or a key below RSA-2048
     */
    public JcaSigningKey(String kid, PrivateKey privateKey, RSAPublicKey publicKey, Provider provider) {
        this.kid = Jwk.requireKid(kid);
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        Rs256.requireAcceptable(publicKey, "key " + kid);
        if (!"RSA".equalsIgnoreCase(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("key " + kid + " is not an RSA key");
        }
        this.publicKey = publicKey;
        this.provider = provider;
    }

    @Override
    public String kid() {
        return kid;
    }

    @Override
    public RSAPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] signingInput) throws SigningException {
        try {
            return Rs256.sign(privateKey, provider, signingInput);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SigningException("RS256 signing with key " + kid + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[kid=" + kid + ", RSA-" + publicKey.getModulus().bitLength() + "]";
    }
}
