package com.partnerplatform.ycmt.signatures.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.Fixtures;
import com.partnerplatform.ycmt.signatures.Jcs;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.SigningKey;
import com.partnerplatform.ycmt.signatures.device.RegistrationProofBuilder;
import com.partnerplatform.ycmt.signatures.device.TransferAssertionBuilder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npm jose (compactVerify + createLocalJWKSet) verifies what we sign, against the JWKS we publish. */
class JoseInteropTest {

    @TempDir
    Path work;

    @Test
    void joseVerifiesOurQuoteRegistrationProofAndTransferAssertionAgainstOurJwks() throws Exception {
        SigningKey partner = Fixtures.rsa3072();
        SigningKey device = Fixtures.key("device-key-001", Fixtures.pair("device", 3072));
        Clock clock = Clock.fixed(Instant.parse("2026-05-11T14:30:12Z"), ZoneOffset.UTC);
        Instant challengeExpiry = Instant.parse("2026-05-11T14:35:12Z");

        String quote = CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), partner);
        String proof = new RegistrationProofBuilder(clock).registration("DREG-1", "challenge-value", challengeExpiry).sign(device);
        String assertion = new TransferAssertionBuilder(clock).transferId("TRF-1").challenge("challenge-value", challengeExpiry)
                .send(new BigDecimal("100"), "JPY").receive(new BigDecimal("1085.000"), "KWD").beneficiaryId("BEN-1").sign(device);
        String partnerJwks = Jwks.of(Jwk.of(partner), Jwk.of(Fixtures.rsa2048())).toJson();
        String deviceJwks = Jwks.of(Jwk.of(device)).toJson();
        ObjectMapper json = new ObjectMapper();
        List<String> signed = List.of(quote, proof, assertion);
        List<Map<String, Object>> cases = List.of(
                Map.of("jws", quote, "jwks", json.readTree(partnerJwks)),
                Map.of("jws", proof, "jwks", json.readTree(deviceJwks)),
                Map.of("jws", assertion, "jwks", json.readTree(deviceJwks)));

        JsonNode results = NodeReference.run("verify", cases, work);

        assertThat(results).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode result = results.get(i);
            assertThat(result.path("ok").asBoolean()).as(result.toString()).isTrue();
            byte[] ourPayload = Base64.getUrlDecoder().decode(signed.get(i).split("\\.")[1]);
            assertThat(result.get("payload").asText().getBytes(StandardCharsets.UTF_8)).isEqualTo(ourPayload);
            assertThat(Jcs.canonicalize(result.get("payload").asText())).isEqualTo(ourPayload);
            assertThat(result.get("header").get("alg").asText()).isEqualTo("RS256");
            assertThat(result.get("header").get("typ").asText()).isEqualTo("JWT");
            assertThat(result.get("header").size()).isEqualTo(3);
        }
        assertThat(results.get(0).get("header").get("kid").asText()).isEqualTo("pr-key-02");
        assertThat(results.get(1).get("header").get("kid").asText()).isEqualTo("device-key-001");
    }

    @Test
    void joseRejectsATamperedQuoteAndAnUnknownKid() throws Exception {
        String quote = CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), Fixtures.rsa2048());
        String[] parts = quote.split("\\.");
        Map<String, Object> changed = Fixtures.quoteClaims();
        changed.put("receive_amount", "1185.00");
        String tampered = parts[0] + "." + Fixtures.b64(Jcs.canonicalize(changed)) + "." + parts[2];
        ObjectMapper json = new ObjectMapper();
        JsonNode onlyOtherKey = json.readTree(Jwks.of(Jwk.of(Fixtures.rsa3072())).toJson());
        JsonNode both = json.readTree(Fixtures.jwks().toJson());

        JsonNode results = NodeReference.run("verify", List.of(
                Map.of("jws", tampered, "jwks", both),
                Map.of("jws", quote, "jwks", onlyOtherKey)), work);

        assertThat(results.get(0).path("error").asText()).contains("ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
        assertThat(results.get(1).path("error").asText()).contains("ERR_JWKS_NO_MATCHING_KEY");
    }
}
