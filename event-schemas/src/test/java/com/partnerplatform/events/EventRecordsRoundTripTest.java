package com.partnerplatform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.audit.SignerAuditRecord;
import com.partnerplatform.events.keys.KeyState;
import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.events.pricing.FxRate;
import com.partnerplatform.events.quote.QuoteEvent;
import com.partnerplatform.events.quote.QuoteEventType;
import com.partnerplatform.events.serde.FxRateDeserializer;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.events.serde.JsonSerializer;
import com.partnerplatform.events.serde.PublicKeyEventDeserializer;
import com.partnerplatform.events.serde.QuarantineRecordDeserializer;
import com.partnerplatform.events.serde.QuoteEventDeserializer;
import com.partnerplatform.events.serde.SignerAuditRecordDeserializer;
import com.partnerplatform.events.serde.SigningReplyDeserializer;
import com.partnerplatform.events.serde.SigningRequestDeserializer;
import com.partnerplatform.events.serde.WebhookCloudEventDeserializer;
import com.partnerplatform.events.serde.YggAuditRecordDeserializer;
import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.events.signing.SigningRequest;
import com.partnerplatform.events.webhook.QuarantineRecord;
import com.partnerplatform.events.webhook.WebhookCloudEvent;
import com.partnerplatform.events.ygg.YggAuditRecord;

class EventRecordsRoundTripTest {

    private static final Instant AT = Instant.parse("2026-05-11T14:30:12Z");

    static Stream<Arguments> everyEvent() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("quote_id", "QT-1");
        claims.put("partner_quote_seq", 123);
        claims.put("send_amount", "100.00");
        Map<String, Object> jwk = Map.of("kty", "RSA", "kid", "pr-key-01", "use", "sig", "alg", "RS256", "n", "AQAB", "e", "AQAB");
        return Stream.of(
                Arguments.of(SigningRequest.SCHEMA, new SigningRequest("QT-1", "corr-1", claims, AT), new SigningRequestDeserializer()),
                Arguments.of(SigningReply.SCHEMA, SigningReply.signed("QT-1", "corr-1", "aGVhZA.cGF5bG9hZA.c2ln", "pr-key-01", AT), new SigningReplyDeserializer()),
                Arguments.of(SigningReply.SCHEMA, SigningReply.rejected("QT-1", "corr-1", "quote.invalid", "send_amount", "decimal string required", AT), new SigningReplyDeserializer()),
                Arguments.of(PublicKeyEvent.SCHEMA, new PublicKeyEvent("pr-key-01", jwk, KeyState.PENDING, AT, null, AT), new PublicKeyEventDeserializer()),
                Arguments.of(QuoteEvent.SCHEMA, new QuoteEvent("QT-1", QuoteEventType.SIGNED, 123, "pr-key-01", null, "corr-1", AT), new QuoteEventDeserializer()),
                Arguments.of(SignerAuditRecord.SCHEMA, new SignerAuditRecord("QT-1", "jti-1", "pr-key-01", "a".repeat(64), "SIGNED", null, "corr-1", AT), new SignerAuditRecordDeserializer()),
                Arguments.of(FxRate.SCHEMA, new FxRate("EUR/MAD", "10.8500", "ecb", AT), new FxRateDeserializer()),
                Arguments.of(WebhookCloudEvent.SCHEMA, new WebhookCloudEvent("1.0", "msg_1", CloudEventTypes.YCMT_WEBHOOK_SOURCE, CloudEventTypes.ycmtWebhook("transfer.status.changed"), "TRF-1", AT, "application/json", Map.of("transferStatus", "CONFIRMED")), new WebhookCloudEventDeserializer()),
                Arguments.of(QuarantineRecord.SCHEMA, new QuarantineRecord("msg_1", "signature mismatch", Map.of("webhook-id", "msg_1"), "b".repeat(64), 42, AT), new QuarantineRecordDeserializer()),
                Arguments.of(YggAuditRecord.SCHEMA, new YggAuditRecord("01987d64-6519-747b-9200-beba98700464", "POST", "/api/v1/deduct-points-by-address", "ACCEPTED", 200, 850, "corr-1", AT), new YggAuditRecordDeserializer()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEvent")
    <T> void everyEventIsValidUnderItsSchemaAndReadsBackEqual(String schema, T event, Deserializer<T> deserializer)
            throws Exception {
        byte[] bytes = new JsonSerializer<T>().serialize("t", event);

        JsonNode json = Json.MAPPER.readTree(bytes);
        assertThat(EventSchemas.validate(schema, json)).isEmpty();
        assertThat(deserializer.deserialize("t", bytes)).isEqualTo(event);
    }

    @Test
    void everyNamedSchemaIsCoveredByTheRoundTrip() {
        List<String> covered = everyEvent().map(a -> ((String) a.get()[0]).split("/")[0]).distinct().toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(EventSchemas.NAMES);
    }

    @Test
    void aPublicKeyEventCarryingAPrivateExponentIsInvalid() {
        Map<String, Object> leaky = Map.of("kty", "RSA", "kid", "k", "n", "AQAB", "e", "AQAB", "d", "c2VjcmV0");
        JsonNode json = Json.MAPPER.valueToTree(new PublicKeyEvent("k", leaky, KeyState.ACTIVE, AT, null, AT));

        assertThat(EventSchemas.validate(PublicKeyEvent.SCHEMA, json)).isNotEmpty();
    }

    @Test
    void aSigningRequestWithAFloatClaimIsInvalid() {
        JsonNode json = Json.MAPPER.valueToTree(new SigningRequest("QT-1", "c", Map.of("send_amount", 100.5), AT));

        assertThat(EventSchemas.validate(SigningRequest.SCHEMA, json)).isNotEmpty();
    }

    @Test
    void aRecordOfTheWrongShapeFailsWithoutEchoingItsBytes() {
        byte[] garbage = "{\"quoteId\": [\"secret-token-123\"".getBytes();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SigningRequestDeserializer().deserialize("t", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("SigningRequest")
                .hasMessageNotContaining("secret-token-123");
    }

    @Test
    void aTombstoneStaysNull() {
        assertThat(new PublicKeyEventDeserializer().deserialize("t", null)).isNull();
        assertThat(new JsonSerializer<PublicKeyEvent>().serialize("t", null)).isNull();
    }
}
