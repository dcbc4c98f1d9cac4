package com.partnerplatform.ycmt.signatures;

import java.security.interfaces.RSAPublicKey;

/**
 * The one capability a key custody gives the signature profile: RS256 (RSASSA-PKCS1-v1_5 with
 * SHA-256) over the ASCII bytes of a JWS signing input. The private key never leaves the custody
 * that implements this; the library builds the signing input itself.
 */
public interface SigningKey {

    /** The key identifier published in the JWKS and written into the JWS protected header. */
    String kid();

    /** The public half, used to publish the JWK and to verify every produced signature. */
    RSAPublicKey publicKey();

    /**
     * Signs {@code signingInput} (the bytes of {@code base64url(header) + "." + base64url(payload)})
     * with RS256 and returns the raw signature bytes.
     */
    byte[] sign(byte[] signingInput) throws SigningException;
}
