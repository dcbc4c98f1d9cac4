package com.partnerplatform.quote.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/** Customer access tokens signed by the {@link TestIssuer}'s key (or deliberately by another). */
public final class Tokens {

    private static PrivateKey issuerKey;

    private Tokens() {
    }

    /** A valid token for {@code subscriptionId} in the default claim. */
    public static String forSubscription(String subscriptionId) {
        return sign(claims(subscriptionId, TestIssuer.ISSUER, 300), issuerKey());
    }

    /** A token whose subscription claim is absent. */
    public static String withoutSubscription() {
        JwtClaims claims = claims(null, TestIssuer.ISSUER, 300);
        return sign(claims, issuerKey());
    }

    public static String expired(String subscriptionId) {
        return sign(claims(subscriptionId, TestIssuer.ISSUER, -120), issuerKey());
    }

    public static String fromOtherIssuer(String subscriptionId) {
        return sign(claims(subscriptionId, "https://attacker.example", 300), issuerKey());
    }

    /** Right claims, signed by a key the service has never seen. */
    public static String signedByUnknownKey(String subscriptionId) {
        try {
            var rogue = org.jose4j.jwk.RsaJwkGenerator.generateJwk(2048);
            return sign(claims(subscriptionId, TestIssuer.ISSUER, 300), rogue.getPrivateKey());
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaims claims(String subscriptionId, String issuer, int lifetimeSeconds) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(TestIssuer.AUDIENCE);
        claims.setSubject("customer-" + UUID.randomUUID());
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(lifetimeSeconds / 60f);
        claims.setGeneratedJwtId();
        if (subscriptionId != null) {
            claims.setStringClaim("subscription_id", subscriptionId);
        }
        return claims;
    }

    private static String sign(JwtClaims claims, PrivateKey key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue(TestIssuer.KID);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized PrivateKey issuerKey() {
        if (issuerKey == null) {
            try {
                byte[] der = Base64.getDecoder().decode(Files.readString(TestIssuer.PRIVATE_KEY).trim());
                issuerKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return issuerKey;
    }
}
