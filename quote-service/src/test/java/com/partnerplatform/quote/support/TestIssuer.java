package com.partnerplatform.quote.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The customers' token issuer for tests: a fresh RSA-2048 key per test JVM; its public JWKS is
 * written to a file the service reads as {@code mp.jwt.verify.publickey.location}, its private key
 * to a file {@link Tokens} signs with.
 */
public class TestIssuer implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://issuer.test.partner-platform";
    public static final String AUDIENCE = "quote-service";
    static final Path DIR = Path.of("target", "test-issuer");
    static final Path JWKS = DIR.resolve("jwks.json");
    static final Path PRIVATE_KEY = DIR.resolve("private-key.pk8");
    static final String KID = "test-issuer-key";

    @Override
    public Map<String, String> start() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(KID);
            key.setAlgorithm("RS256");
            key.setUse("sig");
            Files.createDirectories(DIR);
            Files.writeString(JWKS, new JsonWebKeySet(key).toJson());
            Files.writeString(PRIVATE_KEY, Base64.getEncoder().encodeToString(key.getPrivateKey().getEncoded()));
            return Map.of(
                    "mp.jwt.verify.publickey.location", "file:" + JWKS.toAbsolutePath(),
                    "mp.jwt.verify.issuer", ISSUER,
                    "mp.jwt.verify.audiences", AUDIENCE);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the key files stay in target/ for inspection; a new key is generated on the next run
    }
}
