package com.partnerplatform.webhook.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import com.partnerplatform.webhook.testing.TestSigner;

/** The rules around the signature: header case, replay window, malformed input, rotation, bad key material. */
class StandardWebhooksVerifierTest {

    private static final String OLD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEW_SECRET = "whsec_dGhlLW5ldy1zZWNyZXQtYWZ0ZXItcm90YXRpb24=";
    private static final String UNKNOWN_SECRET = "whsec_c29tZWJvZHktZWxzZXMtc2VjcmV0LWtleS0xMjM=";
    private static final byte[] BODY = "{\"type\":\"transfer.status.changed\",\"transferId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_760_000_000L;

    private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(
            StandardWebhooksKeys.secrets(List.of(OLD_SECRET, NEW_SECRET), "webhook.verification.secrets"), List.of(),
            Duration.ofMinutes(5));

    @Test
    void headerNamesAreMatchedInAnyCase() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("WEBHOOK-ID", "msg_case");
        headers.put("Webhook-Timestamp", String.valueOf(NOW));
        headers.put("webhook-SIGNATURE", TestSigner.v1(OLD_SECRET, "msg_case", NOW, BODY));

        assertThat(verifier.verify(WebhookHeaders.of(headers), BODY, at(NOW)).deliveryId()).isEqualTo("msg_case");
    }

    @Test
    void eitherSecretOfARotationVerifies() throws Exception {
        assertThat(verifier.verify(signed(OLD_SECRET, "msg_old", NOW, BODY), BODY, at(NOW)).deliveryId()).isEqualTo("msg_old");
        assertThat(verifier.verify(signed(NEW_SECRET, "msg_new", NOW, BODY), BODY, at(NOW)).deliveryId()).isEqualTo("msg_new");
    }

    @Test
    void aSignatureWithAnUnknownSecretIsRefusedWith401() {
        assertRefused(() -> verifier.verify(signed(UNKNOWN_SECRET, "msg_x", NOW, BODY), BODY, at(NOW)),
                FailureReason.SIGNATURE_MISMATCH, 401);
    }

    @Test
    void aChangedBodyIdOrTimestampBreaksTheSignature() {
        WebhookHeaders headers = signed(OLD_SECRET, "msg_t", NOW, BODY);
        byte[] changedBody = new String(BODY, StandardCharsets.UTF_8).replace("t-1", "t-2").getBytes(StandardCharsets.UTF_8);
        byte[] reformatted = new String(BODY, StandardCharsets.UTF_8).replace(",", ", ").getBytes(StandardCharsets.UTF_8);

        assertRefused(() -> verifier.verify(headers, changedBody, at(NOW)), FailureReason.SIGNATURE_MISMATCH, 401);
        assertRefused(() -> verifier.verify(headers, reformatted, at(NOW)), FailureReason.SIGNATURE_MISMATCH, 401);
        assertRefused(() -> verifier.verify(replace(headers, "webhook-id", "msg_other"), BODY, at(NOW)),
                FailureReason.SIGNATURE_MISMATCH, 401);
        assertRefused(() -> verifier.verify(replace(headers, "webhook-timestamp", String.valueOf(NOW + 1)), BODY, at(NOW)),
                FailureReason.SIGNATURE_MISMATCH, 401);
    }

    @Test
    void timestampsUpToFiveMinutesAwayEitherWayAreAccepted() throws Exception {
        assertThat(verifier.verify(signed(OLD_SECRET, "msg_a", NOW - 300, BODY), BODY, at(NOW)).deliveryId()).isEqualTo("msg_a");
        assertThat(verifier.verify(signed(OLD_SECRET, "msg_b", NOW + 300, BODY), BODY, at(NOW)).deliveryId()).isEqualTo("msg_b");
    }

    @Test
    void anAuthenticDeliveryOlderThanTheWindowIsRefusedAsStale() {
        assertRefused(() -> verifier.verify(signed(OLD_SECRET, "msg_s", NOW - 301, BODY), BODY, at(NOW)),
                FailureReason.TIMESTAMP_TOO_OLD, 401);
    }

    @Test
    void anAuthenticDeliveryFromTheFutureIsRefused() {
        assertRefused(() -> verifier.verify(signed(OLD_SECRET, "msg_f", NOW + 301, BODY), BODY, at(NOW)),
                FailureReason.TIMESTAMP_TOO_NEW, 401);
    }

    @Test
    void aStaleForgeryIsReportedAsAForgeryNotAsAReplay() {
        assertRefused(() -> verifier.verify(signed(UNKNOWN_SECRET, "msg_sf", NOW - 3600, BODY), BODY, at(NOW)),
                FailureReason.SIGNATURE_MISMATCH, 401);
    }

    @Test
    void missingHeadersAreRefusedWith400() {
        for (String header : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            Map<String, String> headers = new LinkedHashMap<>(signed(OLD_SECRET, "msg_m", NOW, BODY).asMap().entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0))));
            headers.remove(header);
            assertRefused(() -> verifier.verify(WebhookHeaders.of(headers), BODY, at(NOW)), FailureReason.MISSING_HEADER, 400);
        }
    }

    @Test
    void malformedHeadersAreRefusedWith400() {
        WebhookHeaders good = signed(OLD_SECRET, "msg_mf", NOW, BODY);
        assertRefused(() -> verifier.verify(replace(good, "webhook-timestamp", "2026-01-01T00:00:00Z"), BODY, at(NOW)),
                FailureReason.MALFORMED_HEADER, 400);
        assertRefused(() -> verifier.verify(replace(good, "webhook-timestamp", "-5"), BODY, at(NOW)),
                FailureReason.MALFORMED_HEADER, 400);
        assertRefused(() -> verifier.verify(replace(good, "webhook-id", "msg with spaces"), BODY, at(NOW)),
                FailureReason.MALFORMED_HEADER, 400);
        assertRefused(() -> verifier.verify(replace(good, "webhook-id", "m".repeat(201)), BODY, at(NOW)),
                FailureReason.MALFORMED_HEADER, 400);
        assertRefused(() -> verifier.verify(replace(good, "webhook-signature", ""), BODY, at(NOW)),
                FailureReason.MALFORMED_HEADER, 400);
        assertRefused(() -> verifier.verify(replace(good, "webhook-signature", "v1,x ".repeat(40)), BODY, at(NOW)),
                FailureReason.MALFORMED_HEADER, 400);
    }

    @Test
    void aRepeatedIdHeaderIsRefusedAsAmbiguous() {
        List<Map.Entry<String, String>> entries = List.of(Map.entry("webhook-id", "msg_1"), Map.entry("Webhook-Id", "msg_2"),
                Map.entry("webhook-timestamp", String.valueOf(NOW)),
                Map.entry("webhook-signature", TestSigner.v1(OLD_SECRET, "msg_1", NOW, BODY)));
        assertRefused(() -> verifier.verify(WebhookHeaders.of(entries), BODY, at(NOW)), FailureReason.MALFORMED_HEADER, 400);
    }

    @Test
    void aSignatureHeaderWithOnlyUnknownVersionsIsRefusedAsUnsupported() {
        String v1 = TestSigner.v1(OLD_SECRET, "msg_u", NOW, BODY);
        assertRefused(() -> verifier.verify(replace(signed(OLD_SECRET, "msg_u", NOW, BODY), "webhook-signature",
                "v2," + v1.substring(3) + " nocomma"), BODY, at(NOW)), FailureReason.NO_SUPPORTED_SIGNATURE, 401);
    }

    @Test
    void refusalsNeverQuoteTheSignatureOrSecret() {
        String presented = TestSigner.v1(UNKNOWN_SECRET, "msg_q", NOW, BODY);
        assertThatThrownBy(() -> verifier.verify(signed(UNKNOWN_SECRET, "msg_q", NOW, BODY), BODY, at(NOW)))
                .hasMessageNotContaining(presented.substring(3))
                .hasMessageNotContaining(OLD_SECRET.substring(6));
    }

    @Test
    void badVerificationMaterialIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> StandardWebhooksKeys.secrets(List.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "p"))
                .hasMessage("p[0] must be a whsec_ secret");
        assertThatThrownBy(() -> StandardWebhooksKeys.secrets(List.of(OLD_SECRET, "whsec_c2hvcnQ="), "p"))
                .hasMessage("p[1] must decode to 16 to 64 bytes");
        assertThatThrownBy(() -> StandardWebhooksKeys.secrets(List.of("whsec_not base64!"), "p"))
                .hasMessage("p[0] is not valid base64");
        assertThatThrownBy(() -> StandardWebhooksKeys.publicKeys(List.of("whpk_AAEC"), "k"))
                .hasMessageContaining("k[0] is neither a raw 32-byte nor an SPKI DER Ed25519 public key");
        assertThatThrownBy(() -> new StandardWebhooksVerifier(List.of(), List.of(), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(ThrowingCallable call, FailureReason reason, int status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VerificationFailure.class, failure -> {
            assertThat(failure.reason()).isEqualTo(reason);
            assertThat(failure.reason().httpStatus()).isEqualTo(status);
        });
    }

    private static WebhookHeaders signed(String secret, String id, long timestamp, byte[] body) {
        return WebhookHeaders.of(TestSigner.headers(secret, id, timestamp, body));
    }

    private static WebhookHeaders replace(WebhookHeaders headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>();
        headers.asMap().forEach((key, values) -> copy.put(key, values.get(0)));
        copy.put(name, value);
        return WebhookHeaders.of(copy);
    }

    private static Instant at(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond);
    }
}
