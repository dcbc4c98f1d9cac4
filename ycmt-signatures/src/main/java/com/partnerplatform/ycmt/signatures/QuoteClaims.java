package com.partnerplatform.ycmt.signatures;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The 22 claims of {@code quote_signature_v1} (quote spec s.6-7) as a Java value. Construction runs
 * every rule of {@link Artefact#QUOTE}, so an instance is always signable. The time claims are held
 * once, as {@link Instant}s of whole seconds, and written twice ({@code iat}/{@code issued_at},
 * {@code exp}/{@code expires_at}), so they cannot disagree. Money is {@link BigDecimal} whose scale
 * must equal the currency's ISO 4217 minor units (e.g. {@code new BigDecimal("100.00")} for EUR,
 * {@code "100"} for JPY): scale is part of the signed text and is never adjusted silently.
 *
 * @param quoteId quote_id
 * @param jti jti
 * @param partnerId partner_id
 * @param partnerQuoteSeq partner_quote_seq
 * @param subscriptionId subscription_id
 * @param sendAmount send_amount
 * @param sendCurrency send_currency
 * @param receiveAmount receive_amount
 * @param receiveCurrency receive_currency
 * @param beneficiaryCountry beneficiary_country
 * @param beneficiaryCurrency beneficiary_currency
 * @param corridor corridor, e.g. ES-MA
 * @param corridorType corridor_type, OPEN_PAYMENT or OFFLINE
 * @param fxRate fx_rate
 * @param partnerFee partner_fee
 * @param principalFee principal_fee
 * @param totalConsumerCost total_consumer_cost
 * @param issuedAt iat and issued_at
 * @param expiresAt exp and expires_at
 */
public record QuoteClaims(
        String quoteId,
        String jti,
        String partnerId,
        long partnerQuoteSeq,
        String subscriptionId,
        BigDecimal sendAmount,
        String sendCurrency,
        BigDecimal receiveAmount,
        String receiveCurrency,
        String beneficiaryCountry,
        String beneficiaryCurrency,
        String corridor,
        String corridorType,
        BigDecimal fxRate,
        BigDecimal partnerFee,
        BigDecimal principalFee,
        BigDecimal totalConsumerCost,
        Instant issuedAt,
        Instant expiresAt) {

    /** @throws ClaimsException ({@code quote.invalid}) naming the first claim that breaks a rule */
    public QuoteClaims {
        Artefact.QUOTE.validate(claims(quoteId, jti, partnerId, partnerQuoteSeq, subscriptionId, sendAmount,
                sendCurrency, receiveAmount, receiveCurrency, beneficiaryCountry, beneficiaryCurrency, corridor,
                corridorType, fxRate, partnerFee, principalFee, totalConsumerCost, issuedAt, expiresAt));
    }

    /** Always "v1". */
    public String quoteSignatureV1() {
        return "v1";
    }

    /** {@code iat}: issued-at as epoch seconds. */
    public long iat() {
        return issuedAt.getEpochSecond();
    }

    /** {@code exp}: expiry as epoch seconds. */
    public long exp() {
        return expiresAt.getEpochSecond();
    }

    /** True from the expiry second on (a quote is valid while now < exp). */
    public boolean isExpiredAt(Instant now) {
        return now.getEpochSecond() >= exp();
    }

    /**
     * The signed payload: an ordered, unmodifiable map with the spec's exact snake_case names (order
     * of the spec's field table; canonicalisation sorts anyway). Numbers are {@code Long}, money and
     * rates are decimal strings.
     */
    public Map<String, Object> toClaims() {
        return claims(quoteId, jti, partnerId, partnerQuoteSeq, subscriptionId, sendAmount, sendCurrency,
                receiveAmount, receiveCurrency, beneficiaryCountry, beneficiaryCurrency, corridor, corridorType,
                fxRate, partnerFee, principalFee, totalConsumerCost, issuedAt, expiresAt);
    }

    /**
     * Reads a payload (for instance {@link VerificationReport#claims()} or a Kafka request), after
     * checking every rule of {@link Artefact#QUOTE}.
     *
     * @throws ClaimsException ({@code quote.invalid}) naming the first claim that breaks a rule
     */
    public static QuoteClaims fromClaims(Map<String, ?> claims) {
        Artefact.QUOTE.validate(claims);
        return new QuoteClaims(
                (String) claims.get("quote_id"),
                (String) claims.get("jti"),
                (String) claims.get("partner_id"),
                ((Number) claims.get("partner_quote_seq")).longValue(),
                (String) claims.get("subscription_id"),
                new BigDecimal((String) claims.get("send_amount")),
                (String) claims.get("send_currency"),
                new BigDecimal((String) claims.get("receive_amount")),
                (String) claims.get("receive_currency"),
                (String) claims.get("beneficiary_country"),
                (String) claims.get("beneficiary_currency"),
                (String) claims.get("corridor"),
                (String) claims.get("corridor_type"),
                new BigDecimal((String) claims.get("fx_rate")),
                new BigDecimal((String) claims.get("partner_fee")),
                new BigDecimal((String) claims.get("principal_fee")),
                new BigDecimal((String) claims.get("total_consumer_cost")),
                Instant.ofEpochSecond(((Number) claims.get("iat")).longValue()),
                Instant.ofEpochSecond(((Number) claims.get("exp")).longValue()));
    }

    /**
     * Quote binding at acceptance (quote spec s.14/16): the quote must belong to the authenticated
     * customer's subscription.
     *
     * @throws ClaimsException {@code quote.bindingMismatch}
     */
    public void requireBoundTo(String authenticatedSubscriptionId) {
        if (!subscriptionId.equals(authenticatedSubscriptionId)) {
            throw new ClaimsException(ErrorCode.QUOTE_BINDING_MISMATCH, "subscription_id",
                    "does not match the authenticated customer's subscription");
        }
    }

    /**
     * The values being accepted must be the signed ones (quote spec s.16). Amounts compare by value,
     * so {@code 100.0} equals {@code 100.00}; currencies compare exactly.
     *
     * @throws ClaimsException {@code quote.amountChanged} naming the first differing claim
     */
    public void requireSameAmounts(BigDecimal sendAmount, String sendCurrency, BigDecimal receiveAmount, String receiveCurrency) {
        requireSame(this.sendAmount.compareTo(sendAmount) == 0, "send_amount");
        requireSame(this.sendCurrency.equals(sendCurrency), "send_currency");
        requireSame(this.receiveAmount.compareTo(receiveAmount) == 0, "receive_amount");
        requireSame(this.receiveCurrency.equals(receiveCurrency), "receive_currency");
    }

    private static void requireSame(boolean same, String claim) {
        if (!same) {
            throw new ClaimsException(ErrorCode.QUOTE_AMOUNT_CHANGED, claim, "differs from the signed value");
        }
    }

    private static Map<String, Object> claims(String quoteId, String jti, String partnerId, long partnerQuoteSeq,
            String subscriptionId, BigDecimal sendAmount, String sendCurrency, BigDecimal receiveAmount,
            String receiveCurrency, String beneficiaryCountry, String beneficiaryCurrency, String corridor,
            String corridorType, BigDecimal fxRate, BigDecimal partnerFee, BigDecimal principalFee,
            BigDecimal totalConsumerCost, Instant issuedAt, Instant expiresAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quote_signature_v1", "v1");
        m.put("quote_id", quoteId);
        m.put("jti", jti);
        m.put("partner_id", partnerId);
        m.put("partner_quote_seq", partnerQuoteSeq);
        m.put("subscription_id", subscriptionId);
        m.put("send_amount", decimal(sendAmount));
        m.put("send_currency", sendCurrency);
        m.put("receive_amount", decimal(receiveAmount));
        m.put("receive_currency", receiveCurrency);
        m.put("beneficiary_country", beneficiaryCountry);
        m.put("beneficiary_currency", beneficiaryCurrency);
        m.put("corridor", corridor);
        m.put("corridor_type", corridorType);
        m.put("fx_rate", decimal(fxRate));
        m.put("partner_fee", decimal(partnerFee));
        m.put("principal_fee", decimal(principalFee));
        m.put("total_consumer_cost", decimal(totalConsumerCost));
        m.put("iat", issuedAt == null ? null : issuedAt.getEpochSecond());
        m.put("issued_at", time(issuedAt));
        m.put("exp", expiresAt == null ? null : expiresAt.getEpochSecond());
        m.put("expires_at", time(expiresAt));
        return Collections.unmodifiableMap(m);
    }

    private static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    /** Fractional seconds are written out so that validation rejects them instead of truncating. */
    private static String time(Instant instant) {
        if (instant == null) {
            return null;
        }
        return instant.getNano() == 0 ? ClaimRules.formatTime(instant) : instant.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuoteClaims other && toClaims().equals(other.toClaims());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toClaims());
    }
}
