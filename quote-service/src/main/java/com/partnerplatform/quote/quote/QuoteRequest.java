package com.partnerplatform.quote.quote;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.partnerplatform.quote.http.JsonBody;
import com.partnerplatform.quote.pricing.Currencies;
import com.partnerplatform.quote.pricing.PricingEngine;
import com.partnerplatform.ycmt.signatures.Jcs;

/**
 * POST /v1/quotes body. Amounts are decimal strings; exactly one of sendAmount and receiveAmount is
 * given and the other is derived. Parsed strictly by {@link #parse} (the record's annotations
 * document the schema for OpenAPI).
 */
@Schema(name = "QuoteRequest", description = "Exactly one of sendAmount and receiveAmount. Amounts are decimal strings "
        + "with at most the currency's minor-unit digits; JSON numbers are refused.")
public record QuoteRequest(
        @Schema(required = true, example = "SUB-01HX9F2J7K3M5N7P9Q1R3T5V7W", maxLength = 128,
                description = "Customer subscription; must equal the token's subscription claim") String subscriptionId,
        @Schema(required = true, example = "ES-MA") String corridor,
        @Schema(required = true, example = "EUR") String sendCurrency,
        @Schema(required = true, example = "MAD") String receiveCurrency,
        @Schema(example = "100.00", pattern = "^(0|[1-9][0-9]{0,14})(\\.[0-9]+)?$") String sendAmount,
        @Schema(example = "1085.00", pattern = "^(0|[1-9][0-9]{0,14})(\\.[0-9]+)?$") String receiveAmount) {

    static final Set<String> MEMBERS = Set.of("subscriptionId", "corridor", "sendCurrency", "receiveCurrency",
            "sendAmount", "receiveAmount");
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Pattern CORRIDOR = Pattern.compile("[A-Z]{2}-[A-Z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** The request after validation, amounts at their currency's scale. */
    public record Valid(String subscriptionId, String corridor, String sendCurrency, String receiveCurrency,
            BigDecimal sendAmount, BigDecimal receiveAmount) {

        public PricingEngine.Request pricing() {
            return new PricingEngine.Request(corridor, sendCurrency, receiveCurrency, sendAmount, receiveAmount);
        }

        /**
         * SHA-256 (hex) of the request's meaning as JCS: the same request however it was spaced,
         * ordered or written ("100.5" and "100.50" alike) has the same digest, which is what an
         * Idempotency-Key replay is compared on.
         */
        public String sha256() {
            Map<String, Object> meaning = new LinkedHashMap<>();
            meaning.put("subscriptionId", subscriptionId);
            meaning.put("corridor", corridor);
            meaning.put("sendCurrency", sendCurrency);
            meaning.put("receiveCurrency", receiveCurrency);
            meaning.put("sendAmount", sendAmount == null ? null : sendAmount.toPlainString());
            meaning.put("receiveAmount", receiveAmount == null ? null : receiveAmount.toPlainString());
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Jcs.canonicalize(meaning)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * @throws com.partnerplatform.runtime.problem.ProblemException 400 {@code request.malformed} or
     *     {@code request.invalid} with every violation
     */
    public static Valid parse(String body) {
        JsonBody json = JsonBody.parse(body, MEMBERS);
        String subscriptionId = json.text("subscriptionId", true, 128, ID, "must be 1 to 128 visible ASCII characters");
        String corridor = json.text("corridor", true, 5, CORRIDOR, "must be ORIGIN-DESTINATION country codes, e.g. ES-MA");
        String sendCurrency = currency(json, "sendCurrency");
        String receiveCurrency = currency(json, "receiveCurrency");
        boolean hasSend = json.has("sendAmount");
        boolean hasReceive = json.has("receiveAmount");
        if (hasSend == hasReceive) {
            json.violation(hasSend ? "receiveAmount" : "sendAmount",
                    "give exactly one of sendAmount and receiveAmount; the other is derived");
        }
        BigDecimal send = json.amount("sendAmount", sendCurrency);
        BigDecimal receive = json.amount("receiveAmount", receiveCurrency);
        json.requireValid();
        return new Valid(subscriptionId, corridor, sendCurrency, receiveCurrency, send, receive);
    }

    private static String currency(JsonBody json, String member) {
        String code = json.text(member, true, 3, CURRENCY, "must be an ISO 4217 code, e.g. EUR");
        if (code != null && Currencies.minorUnits(code).isEmpty()) {
            json.violation(member, "is not an ISO 4217 currency with minor units");
            return null;
        }
        return code;
    }
}
