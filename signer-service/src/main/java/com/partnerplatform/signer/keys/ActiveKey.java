package com.partnerplatform.signer.keys;

import java.time.Clock;

import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;
import com.partnerplatform.ycmt.signatures.SigningKey;

/**
 * The key that signs right now, with a verifier holding only its public half: every JWS is checked
 * against exactly the key named in its header before it leaves the signer.
 */
public record ActiveKey(SigningKey key, LocalVerifier verifier) {

    public static ActiveKey of(SigningKey key, Clock clock) {
        return new ActiveKey(key, new LocalVerifier(Jwks.of(Jwk.of(key)), clock));
    }

    public String kid() {
        return key.kid();
    }
}
