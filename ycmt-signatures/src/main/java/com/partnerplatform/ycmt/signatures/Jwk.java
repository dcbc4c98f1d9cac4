package com.partnerplatform.ycmt.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One public RS256 signing key as the profile publishes it: {@code {kty, kid, use:"sig",
 * alg:"RS256", n, e}} (quote spec s.15, device spec s.8). Construction enforces the profile's key
 * rules (RSA-2048 or larger, well-formed kid), so a {@code Jwk} instance is always publishable.
 *
 * @param kid the key identifier written into JWS headers
 * @param publicKey the RSA public key
 */
public record Jwk(String kid, RSAPublicKey publicKey) {

    /** Members that would make a JWK carry private or symmetric key material. */
    static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    /** The closed member set this profile reads and writes. */
    static final Set<String> MEMBERS = Set.of("kty", "kid", "use", "alg", "n", "e");

    public Jwk {
        requireKid(kid);
        Rs256.requireAcceptable(publicKey, "key " + kid);
    }

    /** The JWK of a custody's key, for publication in the JWKS. */
    public static Jwk of(SigningKey key) {
        return new Jwk(key.kid(), key.publicKey());
    }

    /** Members in the order the spec shows them: kty, kid, use, alg, n, e. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kty", "RSA");
        map.put("kid", kid);
        map.put("use", "sig");
        map.put("alg", "RS256");
        map.put("n", Base64Url.encode(unsigned(publicKey.getModulus())));
        map.put("e", Base64Url.encode(unsigned(publicKey.getPublicExponent())));
        return Collections.unmodifiableMap(map);
    }

    /** The JWK as RFC 8785 canonical JSON. */
    public String toJson() {
        return new String(Jcs.canonicalize(toMap()), StandardCharsets.UTF_8);
    }

    /**
     * Reads a public JWK strictly: members limited to kty, kid, use, alg, n, e; kty RSA; use "sig"
     * and alg "RS256" when present; n and e unpadded base64url with no leading zero octet; no
     * private member (d, p, q, dp, dq, qi, oth, k).
     *
     * @throws IllegalArgumentException naming the member and the rule, never key material
     */
    public static Jwk fromMap(Map<String, ?> jwk) {
        return fromNode(StrictJson.fromJava(jwk));
    }

    /** {@link #fromMap} for a JSON text. */
    public static Jwk parse(String json) {
        return fromNode(StrictJson.parse(json));
    }

    /** True when {@code other} has this key's modulus and exponent. */
    public boolean sameKeyAs(RSAPublicKey other) {
        return other != null && publicKey.getModulus().equals(other.getModulus())
                && publicKey.getPublicExponent().equals(other.getPublicExponent());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Jwk other && kid.equals(other.kid) && sameKeyAs(other.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kid, publicKey.getModulus(), publicKey.getPublicExponent());
    }

    @Override
    public String toString() {
        return "Jwk[kid=" + kid + ", RSA-" + publicKey.getModulus().bitLength() + "]";
    }

    static Jwk fromNode(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("JWK is not a JSON object");
        }
        String label = node.path("kid").isTextual() ? "JWK " + node.path("kid").textValue() : "JWK";
        node.fieldNames().forEachRemaining(name -> {
            if (PRIVATE_MEMBERS.contains(name)) {
                throw new IllegalArgumentException(label + " contains private member '" + name + "'; only public keys may be published or read");
            }
            if (!MEMBERS.contains(name)) {
                throw new IllegalArgumentException(label + " has unsupported member '" + name + "'; allowed: kty, kid, use, alg, n, e");
            }
        });
        String kty = text(node, "kty", label);
        if (!"RSA".equals(kty)) {
            throw new IllegalArgumentException(label + ": kty must be RSA");
        }
        String kid = text(node, "kid", label);
        if (node.has("use") && !"sig".equals(text(node, "use", label))) {
            throw new IllegalArgumentException(label + ": use must be sig");
        }
        if (node.has("alg") && !"RS256".equals(text(node, "alg", label))) {
            throw new IllegalArgumentException(label + ": alg must be RS256");
        }
        BigInteger n = uint(node, "n", label);
        BigInteger e = uint(node, "e", label);
        return new Jwk(kid, rsaPublicKey(n, e));
    }

    static RSAPublicKey rsaPublicKey(BigInteger n, BigInteger e) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("not a valid RSA public key", ex);
        }
    }

    /** kid rule: 1 to 256 visible ASCII characters, so it is safe in headers, logs and URLs alike. */
    static String requireKid(String kid) {
        if (kid == null || kid.isEmpty() || kid.length() > 256) {
            throw new IllegalArgumentException("kid must be 1 to 256 characters");
        }
        for (int i = 0; i < kid.length(); i++) {
            char c = kid.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("kid must be visible ASCII (no spaces or control characters)");
            }
        }
        return kid;
    }

    private static String text(JsonNode node, String member, String label) {
        JsonNode value = node.get(member);
        if (value == null) {
            throw new IllegalArgumentException(label + " lacks required member '" + member + "'");
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(label + ": member '" + member + "' must be a string");
        }
        return value.textValue();
    }

    /** RFC 7518 s.2 Base64urlUInt: big-endian, minimum octets, so no leading zero octet. */
    private static BigInteger uint(JsonNode node, String member, String label) {
        byte[] bytes = Base64Url.decode(text(node, member, label), label + " member '" + member + "'");
        if (bytes.length == 0 || bytes[0] == 0) {
            throw new IllegalArgumentException(label + " member '" + member + "' must use the minimum number of octets (no leading zero)");
        }
        return new BigInteger(1, bytes);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
