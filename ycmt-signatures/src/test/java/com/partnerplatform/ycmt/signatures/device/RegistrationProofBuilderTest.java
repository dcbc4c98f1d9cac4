package com.partnerplatform.ycmt.signatures.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.ClaimsException;
import com.partnerplatform.ycmt.signatures.ErrorCode;
import com.partnerplatform.ycmt.signatures.Fixtures;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;
import com.partnerplatform.ycmt.signatures.SigningKey;
import com.partnerplatform.ycmt.signatures.VerificationReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrationProofBuilderTest {

    static final Instant NOW = Instant.parse("2026-05-11T14:30:12Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Instant EXPIRES = Instant.parse("2026-05-11T15:30:12Z");

    private final SigningKey device = Fixtures.key("device-key-001", Fixtures.pair("device", 3072));

    static JsonNode payload(String jws) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jws.split("\\.")[1]));
    }

    @Test
    void proofCarriesTheSpecClaimsAndTheDevicesPublicJwk() throws Exception {
        String jws = new RegistrationProofBuilder(CLOCK)
                .registration("DREG-01HX9F2J7K3M5N7P9Q1R3T5V7W", "challenge-value", EXPIRES).sign(device);

        JsonNode payload = payload(jws);
        assertThat(payload.fieldNames()).toIterable().containsExactlyInAnyOrder("registration_proof_v1", "registration_id",
                "registration_challenge", "device_key_alg", "device_public_key_jwk", "iat");
        assertThat(payload.get("registration_proof_v1").asText()).isEqualTo("v1");
        assertThat(payload.get("registration_id").asText()).isEqualTo("DREG-01HX9F2J7K3M5N7P9Q1R3T5V7W");
        assertThat(payload.get("registration_challenge").asText()).isEqualTo("challenge-value");
        assertThat(payload.get("device_key_alg").asText()).isEqualTo("RS256");
        assertThat(payload.get("iat").asLong()).isEqualTo(1778509812L);
        Jwk embedded = Jwk.parse(payload.get("device_public_key_jwk").toString());
        assertThat(embedded).isEqualTo(Jwk.of(device));
        assertThat(payload.get("device_public_key_jwk").has("d")).isFalse();
    }

    @Test
    void proofVerifiesLocallyAgainstTheDevicesJwkWithStep10NotApplicable() throws Exception {
        String jws = new RegistrationProofBuilder(CLOCK).registration("DREG-1", "challenge-value", EXPIRES).sign(device);

        VerificationReport report = new LocalVerifier(Jwks.of(Jwk.of(device)), CLOCK).verify(jws, Artefact.REGISTRATION_PROOF);

        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.steps().get(9).status()).isEqualTo(VerificationReport.Status.SKIPPED);
        assertThat(report.claims()).containsEntry("registration_challenge", "challenge-value");
    }

    @Test
    void aProofSignedByAnotherKeyThanTheOneItRegistersFailsProofOfPossession() throws Exception {
        SigningKey other = Fixtures.key("device-key-001", Fixtures.pair("other", 2048));
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        claims.put("registration_proof_v1", "v1");
        claims.put("registration_id", "DREG-1");
        claims.put("registration_challenge", "challenge-value");
        claims.put("device_key_alg", "RS256");
        claims.put("device_public_key_jwk", Jwk.of(device).toMap());
        claims.put("iat", NOW.getEpochSecond());
        String jws = com.partnerplatform.ycmt.signatures.CompactJws.sign(Artefact.REGISTRATION_PROOF, claims, other);

        VerificationReport report = new LocalVerifier(Jwks.of(Jwk.of(other)), CLOCK).verify(jws, Artefact.REGISTRATION_PROOF);

        assertThat(report.firstFailure().orElseThrow().number()).isEqualTo(9);
        assertThat(report.firstFailure().orElseThrow().detail()).contains("proof of possession");
        assertThat(report.errorCode()).contains(ErrorCode.DEVICE_INVALID);
    }

    @Test
    void refusesAnExpiredChallengeWithDeviceChallengeExpired() {
        Clock late = Clock.fixed(EXPIRES, ZoneOffset.UTC);

        assertThatThrownBy(() -> new RegistrationProofBuilder(late).registration("DREG-1", "challenge-value", EXPIRES).sign(device))
                .isInstanceOfSatisfying(ClaimsException.class, e -> {
                    assertThat(e.errorCode().code()).isEqualTo("device.challengeExpired");
                    assertThat(e.claim()).isEqualTo("registration_challenge");
                });
    }

    @Test
    void refusesToReturnAProofWhoseChallengeExpiredWhileSigning() {
        Clock expiresDuringSigning = new Clock() {
            private int reads;

            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return reads++ < 2 ? EXPIRES.minusSeconds(1) : EXPIRES;
            }
        };

        assertThatThrownBy(() -> new RegistrationProofBuilder(expiresDuringSigning)
                .registration("DREG-1", "challenge-value", EXPIRES).sign(device))
                .isInstanceOfSatisfying(ClaimsException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DEVICE_CHALLENGE_EXPIRED));
    }

    @Test
    void refusesAChallengeWithSpaces() {
        assertThatThrownBy(() -> new RegistrationProofBuilder(CLOCK).registration("DREG-1", "two words", EXPIRES).sign(device))
                .isInstanceOfSatisfying(ClaimsException.class, e -> {
                    assertThat(e.errorCode().code()).isEqualTo("device.invalid");
                    assertThat(e.errorCode().definedBySpec()).isFalse();
                    assertThat(e.claim()).isEqualTo("registration_challenge");
                });
    }
}
