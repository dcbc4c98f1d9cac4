package com.partnerplatform.signer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.events.signing.SigningRequest;

/** Valid quote_signature_v1 claims and signing requests for tests, with the test profile's partner id. */
public final class Quotes {

    public static final String PARTNER_ID = "PRT-YESCASH-EU-DEMO-PARTNER";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Quotes() {
    }

    public static String newQuoteId() {
        return "QT-TEST-" + UUID.randomUUID();
    }

    /** The spec's example quote (s.6), re-dated: issued now, valid for 10 minutes. */
    public static Map<String, Object> claims(String quoteId) {
        Instant iat = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        return claims(quoteId, iat, iat.plusSeconds(600));
    }

    public static Map<String, Object> claims(String quoteId, Instant iat, Instant exp) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("beneficiary_country", "MA");
        c.put("beneficiary_currency", "MAD");
        c.put("corridor", "ES-MA");
        c.put("corridor_type", "OPEN_PAYMENT");
        c.put("exp", exp.getEpochSecond());
        c.put("expires_at", RFC3339.format(exp));
        c.put("fx_rate", "10.8500");
        c.put("iat", iat.getEpochSecond());
        c.put("issued_at", RFC3339.format(iat));
        c.put("jti", "JTI-" + UUID.randomUUID());
        c.put("partner_fee", "1.50");
        c.put("partner_id", PARTNER_ID);
        c.put("partner_quote_seq", 123L);
        c.put("principal_fee", "1.00");
        c.put("quote_id", quoteId);
        c.put("quote_signature_v1", "v1");
        c.put("receive_amount", "1085.00");
        c.put("receive_currency", "MAD");
        c.put("send_amount", "100.00");
        c.put("send_currency", "EUR");
        c.put("subscription_id", "SUB-" + UUID.randomUUID());
        c.put("total_consumer_cost", "102.50");
        return c;
    }

    public static SigningRequest request(Map<String, Object> claims) {
        return new SigningRequest((String) claims.get("quote_id"), "corr-" + UUID.randomUUID(), claims, Instant.now());
    }

    public static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
