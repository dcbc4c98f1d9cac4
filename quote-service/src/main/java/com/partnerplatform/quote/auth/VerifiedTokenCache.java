package com.partnerplatform.quote.auth;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.partnerplatform.quote.quote.QuoteConfig;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The bearer-token parser smallrye-jwt authenticates with, remembering tokens it has already
 * verified. A partner app sends the same customer token on every call for its lifetime, and full
 * verification (JSON parsing, RS256 over the whole token, claim checks) was the largest single cost
 * of a quote after the signature itself.
 *
 * <p>Only a token that passed full verification is remembered, keyed by its exact text (so any
 * change to header, claims or signature is a miss and is verified afresh). A remembered token is
 * used only while {@code now < exp} and for at most {@code quote.auth.token-cache.max-age} after
 * it was verified, which bounds how long a key withdrawn from the issuer's JWKS keeps working.
 * The set is bounded: at {@code max-entries} the expired entries go, and if none had, all of them.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    private record Verified(JsonWebToken token, long usableUntilMillis) {
    }

    private final DefaultJWTParser delegate;
    private final long maxAgeMillis;
    private final int maxEntries;
    private final LongSupplier clockMillis;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    public VerifiedTokenCache(DefaultJWTParser delegate, QuoteConfig config) {
        this(delegate, config.auth().tokenCache().maxAge(), config.auth().tokenCache().maxEntries(),
                System::currentTimeMillis);
    }

    /** {@code clockMillis}: the wall clock smallrye-jwt checks exp against (tests move it). */
    VerifiedTokenCache(DefaultJWTParser delegate, Duration maxAge, int maxEntries, LongSupplier clockMillis) {
        this.delegate = delegate;
        this.maxAgeMillis = maxAge.toMillis();
        this.maxEntries = maxEntries;
        this.clockMillis = clockMillis;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (maxEntries <= 0 || token == null) {
            return delegate.parse(token);
        }
        long now = clockMillis.getAsLong();
        Verified hit = verified.get(token);
        if (hit != null) {
            if (now < hit.usableUntilMillis()) {
                return hit.token();
            }
            verified.remove(token, hit);
        }
        JsonWebToken fresh = delegate.parse(token);
        long exp = fresh.getExpirationTime();
        if (exp > 0) {
            remember(token, new Verified(fresh, Math.min(exp * 1000, now + maxAgeMillis)), now);
        }
        return fresh;
    }

    private void remember(String token, Verified entry, long now) {
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(v -> v.usableUntilMillis() <= now);
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(token, entry);
    }

    /** How many verified tokens are remembered now (tests). */
    int size() {
        return verified.size();
    }

    // Everything else is not on the request path: straight to smallrye-jwt, nothing remembered.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
