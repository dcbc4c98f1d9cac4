package com.partnerplatform.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.partnerplatform.events.serde.Json;
import com.partnerplatform.ycmt.signatures.InMemorySigningKey;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.SigningException;

/**
 * Stands in for the customer identity provider on the local platform: a key generated per run
 * (never written to disk), its public JWKS written for quote-service ({@code QUOTE_DEV_JWKS_FILE}),
 * and short-lived RS256 customer tokens bound to a subscription.
 */
public final class DevTokenIssuer {

    public static final String ISSUER = "urn:partner-platform:dev-issuer";
    public static final String AUDIENCE = "quote-service";

    private final InMemorySigningKey key = InMemorySigningKey.generate("dev-issuer-" + UUID.randomUUID(), 2048);
    private final Path jwksFile;

    public DevTokenIssuer(Path jwksFile) {
        this.jwksFile = jwksFile;
        try {
            Files.writeString(jwksFile, Jwks.of(Jwk.of(key)).toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + jwksFile, e);
        }
    }

    public Path jwksFile() {
        return jwksFile;
    }

    /** A customer access token for {@code subscriptionId}, valid for five minutes. */
    public String tokenFor(String subscriptionId) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> header = Map.of("alg", "RS256", "kid", key.kid(), "typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", "customer-" + subscriptionId);
        claims.put("subscription_id", subscriptionId);
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", UUID.randomUUID().toString());
        try {
            String input = b64(Json.MAPPER.writeValueAsBytes(header)) + "." + b64(Json.MAPPER.writeValueAsBytes(claims));
            return input + "." + b64(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | SigningException e) {
            throw new IllegalStateException("could not mint a dev token", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
