package com.partnerplatform.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.partnerplatform.signer.Quotes;
import com.partnerplatform.signer.signing.RequestIntake.Accepted;
import com.partnerplatform.signer.signing.RequestIntake.Decision;
import com.partnerplatform.signer.signing.RequestIntake.Poison;
import com.partnerplatform.signer.signing.RequestIntake.Rejected;

class RequestIntakeTest {

    private final RequestIntake intake = new RequestIntake(Quotes.PARTNER_ID, Duration.ofMinutes(15), Duration.ofSeconds(30), 16384);

    private Decision read(Map<String, Object> claims) {
        return read(Quotes.json(Quotes.request(claims)));
    }

    private Decision read(String json) {
        return intake.read("key", json.getBytes(StandardCharsets.UTF_8), null, Instant.now());
    }

    private static Rejected rejected(Decision decision) {
        assertThat(decision).isInstanceOf(Rejected.class);
        return (Rejected) decision;
    }

    @Test
    void aValidQuoteIsAccepted() {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        Decision decision = read(claims);
        assertThat(decision).isInstanceOf(Accepted.class);
        assertThat(((Accepted) decision).jti()).isEqualTo(claims.get("jti"));
    }

    @Test
    void anUnknownClaimIsRejectedAsQuoteInvalidNamingTheClaim() {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        claims.put("subscriptionId", "SUB-X");
        Rejected r = rejected(read(claims));
        assertThat(r.code()).isEqualTo("quote.invalid");
        assertThat(r.claim()).isEqualTo("subscriptionId");
    }

    @Test
    void aMoneyClaimAsJsonNumberIsRejectedAsQuoteInvalid() {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        claims.put("send_amount", new BigDecimal("100.00"));
        Rejected r = rejected(read(claims));
        assertThat(r.code()).isEqualTo("quote.invalid");
        assertThat(r.claim()).isEqualTo("send_amount");
    }

    @Test
    void aMissingClaimIsRejectedAsQuoteInvalid() {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        claims.remove("subscription_id");
        Rejected r = rejected(read(claims));
        assertThat(r.code()).isEqualTo("quote.invalid");
        assertThat(r.claim()).isEqualTo("subscription_id");
    }

    @Test
    void anotherPartnersQuoteIsRejected() {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        claims.put("partner_id", "PRT-SOMEONE-ELSE");
        Rejected r = rejected(read(claims));
        assertThat(r.code()).isEqualTo("quote.invalid");
        assertThat(r.claim()).isEqualTo("partner_id");
    }

    @Test
    void anExpiredQuoteIsRejectedAsQuoteExpired() {
        Instant iat = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 600);
        Rejected r = rejected(read(Quotes.claims(Quotes.newQuoteId(), iat, iat.plusSeconds(599))));
        assertThat(r.code()).isEqualTo("quote.expired");
        assertThat(r.claim()).isEqualTo("exp");
    }

    @Test
    void aQuoteExpiringThisSecondIsAlreadyExpired() {
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId(), now.minusSeconds(60), now);
        Decision d = intake.read("k", Quotes.json(Quotes.request(claims)).getBytes(StandardCharsets.UTF_8), null, now);
        assertThat(rejected(d).code()).isEqualTo("quote.expired");
    }

    @Test
    void aLifetimeAboveTheMaximumIsRejectedButTheMaximumItselfIsAccepted() {
        Instant iat = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        Rejected r = rejected(read(Quotes.claims(Quotes.newQuoteId(), iat, iat.plus(Duration.ofMinutes(15)).plusSeconds(1))));
        assertThat(r.code()).isEqualTo("quote.invalid");
        assertThat(r.claim()).isEqualTo("exp");
        assertThat(read(Quotes.claims(Quotes.newQuoteId(), iat, iat.plus(Duration.ofMinutes(15))))).isInstanceOf(Accepted.class);
    }

    @Test
    void aQuoteIssuedInTheFutureBeyondTheClockSkewIsRejected() {
        Instant iat = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 120);
        Rejected r = rejected(read(Quotes.claims(Quotes.newQuoteId(), iat, iat.plusSeconds(300))));
        assertThat(r.claim()).isEqualTo("iat");
    }

    @Test
    void aQuoteIdClaimDifferentFromTheRequestsQuoteIdIsRejected() {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        var request = new com.partnerplatform.events.signing.SigningRequest("QT-OTHER", "c", claims, Instant.now());
        Rejected r = rejected(read(Quotes.json(request)));
        assertThat(r.claim()).isEqualTo("quote_id");
    }

    @Test
    void aRequestAboveTheSizeLimitIsRejectedWithoutBeingParsed() {
        byte[] huge = new byte[16385];
        java.util.Arrays.fill(huge, (byte) '{');
        Rejected r = rejected(intake.read("QT-HUGE", huge, null, Instant.now()));
        assertThat(r.code()).isEqualTo(SignerErrors.REQUEST_TOO_LARGE);
        assertThat(r.quoteId()).isEqualTo("QT-HUGE");
    }

    @Test
    void unreadableJsonIsPoison() {
        assertThat(read("{\"quoteId\": \"QT-1\", \"claims\": ")).isInstanceOf(Poison.class);
    }

    @Test
    void wrongFieldTypesArePoison() {
        assertThat(read("{\"quoteId\":\"QT-1\",\"correlationId\":\"c\",\"claims\":\"not an object\",\"requestedAt\":\"2026-01-01T00:00:00Z\"}"))
                .isInstanceOf(Poison.class);
        assertThat(read("{\"quoteId\":\"QT-1\",\"correlationId\":\"c\",\"claims\":{},\"requestedAt\":[1]}"))
                .isInstanceOf(Poison.class);
    }

    @Test
    void aRequestWithoutQuoteIdOrClaimsIsPoison() {
        assertThat(read("{\"correlationId\":\"c\",\"claims\":{}}")).isInstanceOf(Poison.class);
        assertThat(read("{\"quoteId\":\"QT-1\",\"correlationId\":\"c\"}")).isInstanceOf(Poison.class);
    }

    @Test
    void theCorrelationIdHeaderWinsOverTheBodyAndUnsafeValuesAreReplaced() {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        byte[] body = Quotes.json(Quotes.request(claims)).getBytes(StandardCharsets.UTF_8);
        assertThat(intake.read("k", body, "from-header", Instant.now()).correlationId()).isEqualTo("from-header");
        assertThat(intake.read("k", body, "bad value\n", Instant.now()).correlationId()).isNotEqualTo("bad value\n")
                .matches("[0-9a-f-]{36}");
    }

    @Test
    void rejectionDetailsNeverCarryClaimValues() {
        Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
        claims.put("send_amount", "100.0");
        Rejected r = rejected(read(claims));
        assertThat(r.detail()).doesNotContain("100.0").doesNotContain((String) claims.get("subscription_id"));
    }
}
