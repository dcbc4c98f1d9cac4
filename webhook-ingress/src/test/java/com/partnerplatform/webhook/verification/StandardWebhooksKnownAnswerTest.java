package com.partnerplatform.webhook.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.webhook.testing.SharedData;
import com.partnerplatform.webhook.testing.TestSigner;

/** The Standard Webhooks known answers of shared/testdata/standard-webhooks/vectors.json. */
class StandardWebhooksKnownAnswerTest {

    private static final JsonNode VECTORS = SharedData.standardWebhooksVectors();
    private static final JsonNode V1 = VECTORS.get("v1");
    private static final JsonNode V1A = VECTORS.get("v1a");

    @Test
    void theSpecificationSignerReproducesTheV1ExpectedSignature() {
        // guards the test-side signer that the other tests rely on
        assertThat(TestSigner.v1(V1.get("secret").asText(), V1.get("webhook_id").asText(),
                V1.get("webhook_timestamp").asLong(), body(V1))).isEqualTo(V1.get("expected_signature").asText());
    }

    @Test
    void theExpectedV1SignatureVerifies() throws Exception {
        VerifiedDelivery delivery = v1Verifier().verify(headers(V1, V1.get("expected_signature").asText()), body(V1), sentAt(V1));

        assertThat(delivery.deliveryId()).isEqualTo("msg_p5jXN8AQM9LWM0D4loKWxJek");
        assertThat(delivery.sentAt()).isEqualTo(sentAt(V1));
        assertThat(delivery.signatureVersion()).isEqualTo("v1");
    }

    @Test
    void aHeaderListingTheRightSignatureAmongWrongAndUnknownOnesVerifies() throws Exception {
        VerifiedDelivery delivery = v1Verifier().verify(headers(V1, V1.get("must_verify_header").asText()), body(V1), sentAt(V1));

        assertThat(delivery.deliveryId()).isEqualTo(V1.get("webhook_id").asText());
    }

    @Test
    void everyMustFailHeaderIsRefusedAsNotAuthentic() {
        for (JsonNode header : V1.get("must_fail_headers")) {
            assertThatThrownBy(() -> v1Verifier().verify(headers(V1, header.asText()), body(V1), sentAt(V1)))
                    .as(header.asText())
                    .isInstanceOfSatisfying(VerificationFailure.class, failure -> {
                        assertThat(failure.reason().httpStatus()).isEqualTo(401);
                        assertThat(failure.reason()).isIn(FailureReason.SIGNATURE_MISMATCH, FailureReason.NO_SUPPORTED_SIGNATURE);
                    });
        }
    }

    @Test
    void theV1aSignatureIsReproducedFromTheSecretKeySeed() {
        byte[] secretKey = Base64.getDecoder().decode(V1A.get("secret_key_whsk_seed_then_public").asText().substring("whsk_".length()));
        String signature = TestSigner.v1a(Arrays.copyOf(secretKey, 32), V1A.get("webhook_id").asText(),
                V1A.get("webhook_timestamp").asLong(), body(V1A));

        assertThat(signature).isEqualTo(V1A.get("expected_signature").asText());
    }

    @Test
    void theV1aSignatureVerifiesWithTheRawPublicKey() throws Exception {
        assertV1aVerifiesWith(V1A.get("public_key_whpk_raw32").asText());
    }

    @Test
    void theV1aSignatureVerifiesWithTheSpkiPublicKey() throws Exception {
        assertV1aVerifiesWith(V1A.get("public_key_whpk_spki_der").asText());
    }

    @Test
    void aV1aSignatureOverATamperedBodyIsRefused() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> v1aVerifier(V1A.get("public_key_whpk_raw32").asText())
                .verify(headers(V1A, V1A.get("expected_signature").asText()), tampered, sentAt(V1A)))
                .isInstanceOfSatisfying(VerificationFailure.class,
                        failure -> assertThat(failure.reason()).isEqualTo(FailureReason.SIGNATURE_MISMATCH));
    }

    @Test
    void aV1aSignatureIsNotCheckedWhereNoPublicKeyIsConfigured() {
        assertThatThrownBy(() -> v1Verifier().verify(headers(V1A, V1A.get("expected_signature").asText()), body(V1A), sentAt(V1A)))
                .isInstanceOfSatisfying(VerificationFailure.class,
                        failure -> assertThat(failure.reason()).isEqualTo(FailureReason.NO_SUPPORTED_SIGNATURE));
    }

    private void assertV1aVerifiesWith(String whpk) throws Exception {
        VerifiedDelivery delivery = v1aVerifier(whpk).verify(headers(V1A, V1A.get("expected_signature").asText()), body(V1A), sentAt(V1A));

        assertThat(delivery.signatureVersion()).isEqualTo("v1a");
        assertThat(delivery.deliveryId()).isEqualTo(V1A.get("webhook_id").asText());
    }

    private static StandardWebhooksVerifier v1Verifier() {
        return new StandardWebhooksVerifier(StandardWebhooksKeys.secrets(List.of(V1.get("secret").asText()), "s"), List.of(),
                Duration.ofMinutes(5));
    }

    private static StandardWebhooksVerifier v1aVerifier(String whpk) {
        return new StandardWebhooksVerifier(List.of(), StandardWebhooksKeys.publicKeys(List.of(whpk), "k"), Duration.ofMinutes(5));
    }

    static WebhookHeaders headers(JsonNode vector, String signatureHeader) {
        return WebhookHeaders.of(Map.of("webhook-id", vector.get("webhook_id").asText(),
                "webhook-timestamp", vector.get("webhook_timestamp").asText(), "webhook-signature", signatureHeader));
    }

    static byte[] body(JsonNode vector) {
        return vector.get("body").asText().getBytes(StandardCharsets.UTF_8);
    }

    static Instant sentAt(JsonNode vector) {
        return Instant.ofEpochSecond(vector.get("webhook_timestamp").asLong());
    }
}
