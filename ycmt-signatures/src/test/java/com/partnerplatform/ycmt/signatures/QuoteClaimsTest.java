package com.partnerplatform.ycmt.signatures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class QuoteClaimsTest {

    /** The spec's s.7 field table, typed out independently of the code under test. */
    static final List<String> SPEC_CLAIMS = List.of("quote_signature_v1", "quote_id", "jti", "partner_id",
            "partner_quote_seq", "subscription_id", "send_amount", "send_currency", "receive_amount",
            "receive_currency", "beneficiary_country", "beneficiary_currency", "corridor", "corridor_type", "fx_rate",
            "partner_fee", "principal_fee", "total_consumer_cost", "iat", "issued_at", "exp", "expires_at");

    @Test
    void writesExactlyThe22SpecClaimsWithSnakeCaseNames() {
        assertThat(Fixtures.quote().toClaims().keySet()).containsExactlyElementsOf(SPEC_CLAIMS);
    }

    @Test
    void writesTheSpecExampleValuesWithTheirJsonTypes() {
        Map<String, Object> claims = Fixtures.quote().toClaims();

        assertThat(claims).containsEntry("quote_signature_v1", "v1")
                .containsEntry("partner_quote_seq", 123L)
                .containsEntry("send_amount", "100.00")
                .containsEntry("fx_rate", "10.8500")
                .containsEntry("total_consumer_cost", "102.50")
                .containsEntry("issued_at", "2026-05-11T14:30:12Z")
                .containsEntry("iat", 1778509812L)
                .containsEntry("expires_at", "2026-05-11T15:30:12Z")
                .containsEntry("exp", 1778513412L);
    }

    @Test
    void readsBackWhatItWrites() {
        QuoteClaims quote = Fixtures.quote();
        assertThat(QuoteClaims.fromClaims(quote.toClaims())).isEqualTo(quote);
    }

    /**
     * Spec discrepancy: the s.6 example has iat 1777102212 (2026-04-25T07:30:12Z) but issued_at
     * 2026-05-11T14:30:12Z, breaking the spec's own s.17 rule "iat matches issued_at".
     */
    @Test
    void rejectsTheSpecsOwnExamplePayloadBecauseItsIatDoesNotMatchIssuedAt() {
        Map<String, Object> specExample = Fixtures.quoteClaims();
        specExample.put("iat", 1777102212L);
        specExample.put("exp", 1777105812L);

        assertThatThrownBy(() -> Artefact.QUOTE.validate(specExample))
                .isInstanceOfSatisfying(ClaimsException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.QUOTE_INVALID);
                    assertThat(e.claim()).isEqualTo("iat");
                    assertThat(e.rule()).contains("issued_at");
                });
    }

    static Stream<Arguments> brokenQuotes() {
        return Stream.of(
                broken("missing claim", "jti", "missing required claim", c -> c.remove("jti")),
                broken("renamed claim subscriptionId", "subscriptionId", "snake_case name subscription_id",
                        c -> c.put("subscriptionId", c.remove("subscription_id"))),
                broken("extra claim", "note", "unexpected claim", c -> c.put("note", "x")),
                broken("float money 100.0", "send_amount", "not a JSON number", c -> c.put("send_amount", 100.0)),
                broken("EUR with one fraction digit", "send_amount", "exactly 2 fraction digits", c -> c.put("send_amount", "100.0")),
                broken("EUR without fraction", "partner_fee", "exactly 2 fraction digits", c -> c.put("partner_fee", "1")),
                broken("signed money", "send_amount", "exactly 2", c -> c.put("send_amount", "+100.00")),
                broken("exponent money", "send_amount", "exactly 2", c -> c.put("send_amount", "1.0000E2")),
                broken("leading zero money", "send_amount", "exactly 2", c -> c.put("send_amount", "0100.00")),
                broken("zero send amount", "send_amount", "greater than zero", c -> {
                    c.put("send_amount", "0.00");
                    c.put("total_consumer_cost", "2.50");
                }),
                broken("fx_rate as number", "fx_rate", "JSON string", c -> c.put("fx_rate", 10.85)),
                broken("fx_rate zero", "fx_rate", "greater than zero", c -> c.put("fx_rate", "0.0000")),
                broken("total is not the sum", "total_consumer_cost", "send_amount + partner_fee + principal_fee",
                        c -> c.put("total_consumer_cost", "102.00")),
                broken("iat != issued_at", "iat", "issued_at", c -> c.put("iat", 1778509813L)),
                broken("exp != expires_at", "exp", "expires_at", c -> c.put("exp", 1778513413L)),
                broken("exp not after iat", "exp", "later than iat", c -> {
                    c.put("exp", 1778509812L);
                    c.put("expires_at", "2026-05-11T14:30:12Z");
                }),
                broken("issued_at with offset", "issued_at", "RFC 3339 UTC", c -> c.put("issued_at", "2026-05-11T14:30:12+00:00")),
                broken("issued_at with fraction", "issued_at", "whole seconds", c -> c.put("issued_at", "2026-05-11T14:30:12.000Z")),
                broken("issued_at impossible date", "expires_at", "not a valid calendar time",
                        c -> c.put("expires_at", "2026-02-30T15:30:12Z")),
                broken("iat as string", "iat", "not a string", c -> c.put("iat", "1778509812")),
                broken("sequence negative", "partner_quote_seq", "between 0", c -> c.put("partner_quote_seq", -1)),
                broken("sequence fractional", "partner_quote_seq", "JSON integer", c -> c.put("partner_quote_seq", 123.5)),
                broken("version v2", "quote_signature_v1", "\"v1\"", c -> c.put("quote_signature_v1", "v2")),
                broken("corridor lower case", "corridor", "ORIGIN-DESTINATION", c -> c.put("corridor", "es-ma")),
                broken("corridor destination", "corridor", "beneficiary_country", c -> c.put("corridor", "ES-SN")),
                broken("corridor type", "corridor_type", "OFFLINE, OPEN_PAYMENT", c -> c.put("corridor_type", "CASH")),
                broken("unknown currency", "send_currency", "ISO 4217", c -> c.put("send_currency", "EUX")),
                broken("beneficiary currency", "beneficiary_currency", "receive_currency", c -> c.put("beneficiary_currency", "EUR")),
                broken("country", "beneficiary_country", "ISO 3166", c -> c.put("beneficiary_country", "XX")),
                broken("empty id", "quote_id", "1 to 128", c -> c.put("quote_id", "")),
                broken("non-ASCII id", "subscription_id", "visible ASCII", c -> c.put("subscription_id", "SUB-é")),
                broken("null claim", "partner_id", "JSON string", c -> c.put("partner_id", null)));
    }

    private static Arguments broken(String name, String claim, String rule, Consumer<Map<String, Object>> change) {
        return Arguments.of(Named.of(name, change), claim, rule);
    }

    @ParameterizedTest
    @MethodSource("brokenQuotes")
    void rejectsABrokenClaimNamingTheClaimAndTheRule(Consumer<Map<String, Object>> change, String claim, String rule) {
        Map<String, Object> claims = Fixtures.quoteClaims();
        change.accept(claims);

        assertThatThrownBy(() -> QuoteClaims.fromClaims(claims))
                .isInstanceOfSatisfying(ClaimsException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.QUOTE_INVALID);
                    assertThat(e.claim()).isEqualTo(claim);
                    assertThat(e.rule()).contains(rule);
                    assertThat(e.getMessage()).startsWith("quote.invalid: " + claim + ": ");
                });
    }

    @ParameterizedTest
    @CsvSource({"EUR,100.00,1.50", "MAD,100.00,1.50", "PHP,100.00,1.50", "XOF,100,2", "JPY,100,2", "KWD,100.000,1.500"})
    void acceptsMoneyWithTheCurrencysIso4217MinorUnits(String currency, String amount, String fee) {
        Map<String, Object> claims = Fixtures.quoteClaims();
        claims.put("send_currency", currency);
        claims.put("send_amount", amount);
        claims.put("partner_fee", fee);
        claims.put("principal_fee", fee);
        claims.put("total_consumer_cost", new BigDecimal(amount).add(new BigDecimal(fee)).add(new BigDecimal(fee)).toPlainString());

        assertThatCode(() -> Artefact.QUOTE.validate(claims)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({"JPY,100.00,0", "XOF,100.0,0", "KWD,100.00,3", "EUR,100.000,2"})
    void rejectsMoneyWithAnotherScaleThanTheCurrencys(String currency, String amount, int digits) {
        Map<String, Object> claims = Fixtures.quoteClaims();
        claims.put("send_currency", currency);
        claims.put("send_amount", amount);

        assertThatThrownBy(() -> Artefact.QUOTE.validate(claims))
                .isInstanceOfSatisfying(ClaimsException.class, e -> {
                    assertThat(e.claim()).isEqualTo("send_amount");
                    assertThat(e.rule()).contains("exactly " + digits + " fraction digit");
                });
    }

    @Test
    void recordConstructorRefusesAScaleTheCurrencyDoesNotHave() {
        QuoteClaims q = Fixtures.quote();
        assertThatThrownBy(() -> new QuoteClaims(q.quoteId(), q.jti(), q.partnerId(), q.partnerQuoteSeq(), q.subscriptionId(),
                new BigDecimal("100.0"), q.sendCurrency(), q.receiveAmount(), q.receiveCurrency(), q.beneficiaryCountry(),
                q.beneficiaryCurrency(), q.corridor(), q.corridorType(), q.fxRate(), q.partnerFee(), q.principalFee(),
                q.totalConsumerCost(), q.issuedAt(), q.expiresAt()))
                .isInstanceOfSatisfying(ClaimsException.class, e -> assertThat(e.claim()).isEqualTo("send_amount"));
    }

    @Test
    void recordConstructorRefusesFractionalSecondsInsteadOfTruncatingThem() {
        QuoteClaims q = Fixtures.quote();
        assertThatThrownBy(() -> new QuoteClaims(q.quoteId(), q.jti(), q.partnerId(), q.partnerQuoteSeq(), q.subscriptionId(),
                q.sendAmount(), q.sendCurrency(), q.receiveAmount(), q.receiveCurrency(), q.beneficiaryCountry(),
                q.beneficiaryCurrency(), q.corridor(), q.corridorType(), q.fxRate(), q.partnerFee(), q.principalFee(),
                q.totalConsumerCost(), q.issuedAt().plusMillis(500), q.expiresAt()))
                .isInstanceOfSatisfying(ClaimsException.class, e -> assertThat(e.claim()).isEqualTo("issued_at"));
    }

    @Test
    void isExpiredFromTheExpirySecondOn() {
        QuoteClaims q = Fixtures.quote();
        assertThat(q.isExpiredAt(Instant.parse("2026-05-11T15:30:11Z"))).isFalse();
        assertThat(q.isExpiredAt(Instant.parse("2026-05-11T15:30:12Z"))).isTrue();
    }

    @Test
    void bindingToAnotherSubscriptionIsQuoteBindingMismatch() {
        assertThatThrownBy(() -> Fixtures.quote().requireBoundTo("SUB-SOMEONE-ELSE"))
                .isInstanceOfSatisfying(ClaimsException.class, e -> {
                    assertThat(e.errorCode().code()).isEqualTo("quote.bindingMismatch");
                    assertThat(e.claim()).isEqualTo("subscription_id");
                    assertThat(e.getMessage()).doesNotContain("SUB-SOMEONE-ELSE");
                });
        assertThatCode(() -> Fixtures.quote().requireBoundTo("SUB-01HX9F2J7K3M5N7P9Q1R3T5V7W")).doesNotThrowAnyException();
    }

    @Test
    void acceptingOtherAmountsThanTheSignedOnesIsQuoteAmountChanged() {
        QuoteClaims q = Fixtures.quote();
        assertThatCode(() -> q.requireSameAmounts(new BigDecimal("100.0"), "EUR", new BigDecimal("1085"), "MAD"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> q.requireSameAmounts(new BigDecimal("100.00"), "EUR", new BigDecimal("1084.99"), "MAD"))
                .isInstanceOfSatisfying(ClaimsException.class, e -> {
                    assertThat(e.errorCode().code()).isEqualTo("quote.amountChanged");
                    assertThat(e.claim()).isEqualTo("receive_amount");
                });
    }

    @Test
    void errorCodesCarryTheSpecsExactStrings() {
        assertThat(Stream.of(ErrorCode.values()).filter(ErrorCode::definedBySpec).map(ErrorCode::code))
                .containsExactlyInAnyOrder("quote.signatureInvalid", "quote.expired", "quote.bindingMismatch",
                        "quote.sequenceGap", "quote.envelopeBreach", "quote.amountChanged", "quote.invalid",
                        "device.challengeExpired", "device.registrationRequired");
    }
}
