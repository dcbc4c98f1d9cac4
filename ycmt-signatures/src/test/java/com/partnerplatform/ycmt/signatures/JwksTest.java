package com.partnerplatform.ycmt.signatures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publicJwkHasTheSpecsSixMembersAndTheKeysModulusAndExponent() {
        RSAPublicKey key = Fixtures.rsa2048().publicKey();
        Map<String, Object> jwk = Jwk.of(Fixtures.rsa2048()).toMap();

        assertThat(jwk.keySet()).containsExactly("kty", "kid", "use", "alg", "n", "e");
        assertThat(jwk).containsEntry("kty", "RSA").containsEntry("kid", "pr-key-01")
                .containsEntry("use", "sig").containsEntry("alg", "RS256").containsEntry("e", "AQAB");
        byte[] n = Base64.getUrlDecoder().decode((String) jwk.get("n"));
        assertThat(n).hasSize(256);
        assertThat(new BigInteger(1, n)).isEqualTo(key.getModulus());
    }

    @Test
    void jwksJsonRoundTripsThroughTheStrictParser() {
        Jwks jwks = Fixtures.jwks();
        Jwks parsed = Jwks.parse(jwks.toJson());

        assertThat(parsed).isEqualTo(jwks);
        assertThat(parsed.find("pr-key-02").orElseThrow().publicKey().getModulus().bitLength()).isEqualTo(3072);
        assertThat(parsed.find("missing")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
    void rejectsAJwksCarryingAPrivateMember(String member) throws Exception {
        Map<String, Object> jwk = new LinkedHashMap<>(Jwk.of(Fixtures.rsa2048()).toMap());
        jwk.put(member, "AQAB");

        assertThatThrownBy(() -> Jwks.parse(jwks(jwk)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("private member '" + member + "'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AQAB"));
    }

    @Test
    void rejectsAJwksWithAnRsa1024Key() throws Exception {
        RSAPublicKey small = (RSAPublicKey) Fixtures.rsa1024().getPublic();
        Map<String, Object> jwk = Map.of("kty", "RSA", "kid", "small", "use", "sig", "alg", "RS256",
                "n", Fixtures.b64(unsigned(small.getModulus())), "e", "AQAB");

        assertThatThrownBy(() -> Jwks.parse(jwks(Jwk.of(Fixtures.rsa2048()).toMap(), jwk)))
                .hasMessageContaining("RSA-1024").hasMessageContaining("at least RSA-2048");
    }

    @Test
    void jwkRecordRefusesAnRsa1024Key() {
        assertThatThrownBy(() -> new Jwk("small", (RSAPublicKey) Fixtures.rsa1024().getPublic()))
                .hasMessageContaining("RSA-1024");
    }

    @Test
    void rejectsAModulusWithALeadingZeroOctet() throws Exception {
        Map<String, Object> jwk = new LinkedHashMap<>(Jwk.of(Fixtures.rsa2048()).toMap());
        byte[] n = Base64.getUrlDecoder().decode((String) jwk.get("n"));
        byte[] padded = new byte[n.length + 1];
        System.arraycopy(n, 0, padded, 1, n.length);
        jwk.put("n", Fixtures.b64(padded));

        assertThatThrownBy(() -> Jwks.parse(jwks(jwk))).hasMessageContaining("minimum number of octets");
    }

    @Test
    void rejectsAPaddedModulus() throws Exception {
        Map<String, Object> jwk = new LinkedHashMap<>(Jwk.of(Fixtures.rsa2048()).toMap());
        jwk.put("e", "AQAB=");
        assertThatThrownBy(() -> Jwks.parse(jwks(jwk))).hasMessageContaining("padding");
    }

    @Test
    void rejectsTwoKeysWithOneKid() throws Exception {
        Map<String, Object> a = Jwk.of(Fixtures.rsa2048()).toMap();
        Map<String, Object> b = Jwk.of(Fixtures.otherRsa2048()).toMap();
        assertThatThrownBy(() -> Jwks.parse(jwks(a, b))).hasMessageContaining("two keys with kid pr-key-01");
    }

    @Test
    void rejectsOtherKeyTypesUsesAlgorithmsAndMembers() throws Exception {
        Map<String, Object> base = Jwk.of(Fixtures.rsa2048()).toMap();
        assertThatThrownBy(() -> Jwks.parse(jwks(with(base, "kty", "EC")))).hasMessageContaining("kty must be RSA");
        assertThatThrownBy(() -> Jwks.parse(jwks(with(base, "use", "enc")))).hasMessageContaining("use must be sig");
        assertThatThrownBy(() -> Jwks.parse(jwks(with(base, "alg", "RS512")))).hasMessageContaining("alg must be RS256");
        assertThatThrownBy(() -> Jwks.parse(jwks(with(base, "x5c", List.of("MII")))))
                .hasMessageContaining("unsupported member 'x5c'");
        assertThatThrownBy(() -> Jwks.parse("{\"keys\":{}}")).hasMessageContaining("\"keys\" array");
    }

    @Test
    void readsTheRfc7515AppendixA2PublicKey() {
        Jwk jwk = Jwk.parse("{\"kty\":\"RSA\",\"kid\":\"rfc7515-a2\",\"n\":\"" + Rfc7515AppendixA2Test.N + "\",\"e\":\"AQAB\"}");

        assertThat(jwk.publicKey().getModulus().bitLength()).isEqualTo(2048);
        assertThat(jwk.publicKey().getModulus().toString(16)).startsWith("a1f8160a");
    }

    private static Map<String, Object> with(Map<String, Object> base, String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(member, value);
        return copy;
    }

    @SafeVarargs
    private static String jwks(Map<String, Object>... keys) throws Exception {
        return JSON.writeValueAsString(Map.of("keys", List.of(keys)));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
