package com.partnerplatform.ycmt.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * A JWK Set of public RS256 keys, as published at {@code /.well-known/jwks.json} and read by
 * verifiers. Kids are unique; every key satisfies {@link Jwk}'s rules.
 *
 * @param keys the keys in publication order
 */
public record Jwks(List<Jwk> keys) {

    public Jwks {
        keys = List.copyOf(keys);
        Set<String> kids = new HashSet<>();
        for (Jwk key : keys) {
            if (!kids.add(key.kid())) {
                throw new IllegalArgumentException("JWKS has two keys with kid " + key.kid());
            }
        }
    }

    public static Jwks of(Jwk... keys) {
        return new Jwks(List.of(keys));
    }

    /** The key a JWS header's kid selects (quote spec s.3: "Key selection: kid in JWS protected header"). */
    public Optional<Jwk> find(String kid) {
        return keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    /** {@code {"keys":[...]}} as RFC 8785 canonical JSON. */
    public String toJson() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("keys", keys.stream().map(Jwk::toMap).toList());
        return new String(Jcs.canonicalize(set), StandardCharsets.UTF_8);
    }

    /**
     * Parses a JWKS strictly. The whole set is refused (with the reason) if any key carries a private
     * member, is not RSA, is smaller than RSA-2048, repeats a kid or has a member outside the
     * profile: a set like that is a publishing mistake that should be fixed, not worked around.
     * Keys are decoded both by our strict reader and by jose4j's {@link JsonWebKeySet}, and must agree.
     *
     * @throws IllegalArgumentException naming the key and the rule
     */
    public static Jwks parse(String json) {
        JsonNode root = StrictJson.parse(json);
        if (!root.isObject() || !root.path("keys").isArray()) {
            throw new IllegalArgumentException("JWKS must be a JSON object with a \"keys\" array");
        }
        List<Jwk> keys = new ArrayList<>();
        for (JsonNode key : root.get("keys")) {
            keys.add(Jwk.fromNode(key));
        }
        Jwks parsed = new Jwks(keys);
        List<JsonWebKey> jose;
        try {
            jose = new JsonWebKeySet(json).getJsonWebKeys();
        } catch (JoseException e) {
            throw new IllegalArgumentException("JWKS rejected by jose4j: " + e.getClass().getSimpleName());
        }
        if (jose.size() != keys.size()) {
            throw new IllegalArgumentException("JWKS decoders disagree on the number of keys");
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!(jose.get(i) instanceof RsaJsonWebKey rsa)
                    || !keys.get(i).kid().equals(rsa.getKeyId())
                    || !keys.get(i).sameKeyAs((RSAPublicKey) rsa.getPublicKey())) {
                throw new IllegalArgumentException("JWKS decoders disagree on key " + keys.get(i).kid());
            }
        }
        return parsed;
    }
}
