package com.partnerplatform.quote.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/** Remembering verified bearer tokens never accepts a token that full verification would refuse. */
class VerifiedTokenCacheTest {

    private static final String ISSUER = "https://issuer.cache-test";
    private static KeyPair issuer;
    private static KeyPair rogue;

    /** The real smallrye-jwt parser, counting the verifications it runs. */
    private static final class CountingParser extends DefaultJWTParser {
        final AtomicInteger verifications = new AtomicInteger();

        CountingParser(JWTAuthContextInfo info) {
            super(info);
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications.incrementAndGet();
            return super.parse(token);
        }
    }

    private CountingParser parser;
    private final AtomicLong now = new AtomicLong();

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        issuer = generator.generateKeyPair();
        rogue = generator.generateKeyPair();
    }

    @BeforeEach
    void parser() {
        JWTAuthContextInfo info = new JWTAuthContextInfo((RSAPublicKey) issuer.getPublic(), ISSUER);
        info.setExpectedAudience(Set.of("quote-service"));
        parser = new CountingParser(info);
        now.set(System.currentTimeMillis());
    }

    @Test
    void aVerifiedTokenIsVerifiedOnceThenRememberedByItsExactText() throws Exception {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, Duration.ofMinutes(1), 16, now::get);
        String token = token(issuer.getPrivate(), 300, "sub-1");

        JsonWebToken first = cache.parse(token);
        JsonWebToken second = cache.parse(token);

        assertThat(second.<String> getClaim("subscription_id")).isEqualTo("sub-1");
        assertThat(second).isSameAs(first);
        assertThat(parser.verifications).hasValue(1);
        // another token of the same customer is another text: verified on its own
        cache.parse(token(issuer.getPrivate(), 300, "sub-1"));
        assertThat(parser.verifications).hasValue(2);
    }

    @Test
    void aRememberedTokenIsVerifiedAgainAtItsExpAndAfterMaxAge() throws Exception {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, Duration.ofSeconds(30), 16, now::get);
        String token = token(issuer.getPrivate(), 120, "sub-2");
        long exp = cache.parse(token).getExpirationTime() * 1000;

        now.addAndGet(29_000);
        cache.parse(token);
        assertThat(parser.verifications).hasValue(1);
        now.addAndGet(1_000); // max-age reached
        cache.parse(token);
        assertThat(parser.verifications).hasValue(2);

        VerifiedTokenCache longLived = new VerifiedTokenCache(parser, Duration.ofHours(1), 16, now::get);
        longLived.parse(token);
        now.set(exp); // exp reached: never served from memory, full verification decides
        longLived.parse(token);
        assertThat(parser.verifications).hasValue(4);
    }

    @Test
    void aTokenThatFailsVerificationIsNeverRemembered() throws Exception {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, Duration.ofMinutes(1), 16, now::get);
        String forged = token(rogue.getPrivate(), 300, "sub-3");

        assertThatThrownBy(() -> cache.parse(forged)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> cache.parse(forged)).isInstanceOf(ParseException.class);
        assertThat(parser.verifications).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void theSetStaysWithinMaxEntries() throws Exception {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, Duration.ofMinutes(1), 2, now::get);
        for (int i = 0; i < 5; i++) {
            cache.parse(token(issuer.getPrivate(), 300, "sub-" + i));
            assertThat(cache.size()).isLessThanOrEqualTo(2);
        }
    }

    private static String token(PrivateKey key, int lifetimeSeconds, String subscription) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience("quote-service");
        claims.setSubject("customer");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(lifetimeSeconds / 60f);
        claims.setGeneratedJwtId();
        claims.setStringClaim("subscription_id", subscription);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }
}
