package com.partnerplatform.ycmt.signatures.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.ClaimsException;
import com.partnerplatform.ycmt.signatures.ErrorCode;
import com.partnerplatform.ycmt.signatures.Fixtures;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;
import com.partnerplatform.ycmt.signatures.SigningKey;
import com.partnerplatform.ycmt.signatures.VerificationReport;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TransferAssertionBuilderTest {

    static final Instant NOW = Instant.parse("2026-05-11T15:30:00Z");
    static final Instant CHALLENGE_EXPIRES = Instant.parse("2026-05-11T15:35:12Z");
    private final SigningKey device = Fixtures.key("device-key-001", Fixtures.pair("device", 3072));

    private TransferAssertionBuilder builder(Clock clock) {
        return new TransferAssertionBuilder(clock)
                .transferId("TRF-01HX9F2J7K3M5N7P9Q1R3T5V7W")
                .challenge("challenge-value", CHALLENGE_EXPIRES)
                .send(new BigDecimal("100.00"), "EUR")
                .receive(new BigDecimal("1085.00"), "MAD")
                .beneficiaryId("BEN-01HX9F2J7K3M5N7P9Q1R3T5V7W");
    }

    @Test
    void assertionBindsTheDisplayedTransferDetails() throws Exception {
        JsonNode payload = RegistrationProofBuilderTest.payload(builder(Clock.fixed(NOW, ZoneOffset.UTC)).sign(device));

        assertThat(payload.fieldNames()).toIterable().containsExactlyInAnyOrder("auth_signature_v1", "transfer_id",
                "challenge", "nonce", "send_amount", "send_currency", "receive_amount", "receive_currency",
                "beneficiary_id", "iat");
        assertThat(payload.get("auth_signature_v1").asText()).isEqualTo("v1");
        assertThat(payload.get("transfer_id").asText()).isEqualTo("TRF-01HX9F2J7K3M5N7P9Q1R3T5V7W");
        assertThat(payload.get("send_amount").isTextual()).isTrue();
        assertThat(payload.get("send_amount").asText()).isEqualTo("100.00");
        assertThat(payload.get("receive_amount").asText()).isEqualTo("1085.00");
        assertThat(payload.get("receive_currency").asText()).isEqualTo("MAD");
        assertThat(payload.get("beneficiary_id").asText()).isEqualTo("BEN-01HX9F2J7K3M5N7P9Q1R3T5V7W");
        assertThat(payload.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    }

    @Test
    void everyAssertionHasAFreshVersion4Nonce() throws Exception {
        TransferAssertionBuilder builder = builder(Clock.fixed(NOW, ZoneOffset.UTC));
        String first = RegistrationProofBuilderTest.payload(builder.sign(device)).get("nonce").asText();
        String second = RegistrationProofBuilderTest.payload(builder.sign(device)).get("nonce").asText();

        assertThat(first).isNotEqualTo(second);
        UUID nonce = UUID.fromString(first);
        assertThat(nonce.version()).isEqualTo(4);
        assertThat(nonce.variant()).isEqualTo(2);
        assertThat(nonce.toString()).isEqualTo(first);
    }

    @Test
    void assertionVerifiesLocallyAgainstTheRegisteredDeviceKey() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        VerificationReport report = new LocalVerifier(Jwks.of(Jwk.of(device)), clock)
                .verify(builder(clock).sign(device), Artefact.TRANSFER_ASSERTION);

        assertThat(report.ok()).as(report.toString()).isTrue();
    }

    @Test
    void refusesAnExpiredChallengeWithDeviceChallengeExpired() {
        assertThatThrownBy(() -> builder(Clock.fixed(CHALLENGE_EXPIRES.plusSeconds(1), ZoneOffset.UTC)).sign(device))
                .isInstanceOfSatisfying(ClaimsException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEVICE_CHALLENGE_EXPIRED);
                    assertThat(e.claim()).isEqualTo("challenge");
                    assertThat(e.getMessage()).doesNotContain("challenge-value");
                });
    }

    @Test
    void refusesAnAmountWithAnotherScaleThanTheCurrencyDisplays() {
        assertThatThrownBy(() -> builder(Clock.fixed(NOW, ZoneOffset.UTC)).send(new BigDecimal("100"), "EUR").sign(device))
                .isInstanceOfSatisfying(ClaimsException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEVICE_INVALID);
                    assertThat(e.claim()).isEqualTo("send_amount");
                });
    }

    @Test
    void refusesAMissingBeneficiary() {
        assertThatThrownBy(() -> builder(Clock.fixed(NOW, ZoneOffset.UTC)).beneficiaryId(null).sign(device))
                .isInstanceOfSatisfying(ClaimsException.class, e -> assertThat(e.claim()).isEqualTo("beneficiary_id"));
    }
}
