package com.partnerplatform.signer.custody;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Objects;

/** The public face of one custody key. */
public record CustodyKey(String kid, RSAPublicKey publicKey, Instant createdAt) {

    public CustodyKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public int bits() {
        return publicKey.getModulus().bitLength();
    }
}
