package com.partnerplatform.quote.quote;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.partnerplatform.ycmt.signatures.QuoteClaims;

/**
 * A quote as the API shows it (camelCase; the signed payload inside {@code jws} keeps the spec's
 * snake_case claim names). {@code jws} is present only while the quote is SIGNED and not expired:
 * an expired quote is never presented as acceptable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Quote")
public record QuoteView(
        String quoteId,
        long partnerQuoteSeq,
        String jti,
        @Schema(enumeration = {"PENDING", "SIGNED", "REJECTED", "FAILED", "EXPIRED"}) String status,
        @Schema(description = "True while the quote is SIGNED and before expiresAt") boolean acceptable,
        String partnerId,
        String subscriptionId,
        String corridor,
        String corridorType,
        String sendAmount,
        String sendCurrency,
        String receiveAmount,
        String receiveCurrency,
        String beneficiaryCountry,
        String beneficiaryCurrency,
        String fxRate,
        String partnerFee,
        String principalFee,
        String totalConsumerCost,
        Instant issuedAt,
        Instant expiresAt,
        Disclosure disclosure,
        @Schema(description = "Signing key id (JWS header kid)") String kid,
        @Schema(description = "Compact JWS (RS256) over the JCS-canonical quote_signature_v1 payload") String jws,
        @Schema(description = "Spec error code of a REJECTED or FAILED quote") String errorCode) {

    /**
     * What the customer must see before acceptance (quote spec s.1): what they pay, in fees and in
     * total, at which rate, what the recipient receives, and until when the offer stands.
     */
    @Schema(name = "Disclosure")
    public record Disclosure(String sendAmount, String sendCurrency, String partnerFee, String principalFee,
            String totalFees, String totalConsumerCost, String fxRate, String receiveAmount, String receiveCurrency,
            Instant expiresAt) {
    }

    static QuoteView of(QuoteRecord quote, Instant now) {
        return of(quote, quote.claims(), now);
    }

    /** @param c the quote's claims, when already at hand (a quote just signed) */
    static QuoteView of(QuoteRecord quote, QuoteClaims c, Instant now) {
        QuoteStatus status = quote.statusAt(now);
        boolean acceptable = status == QuoteStatus.SIGNED;
        Disclosure disclosure = new Disclosure(c.sendAmount().toPlainString(), c.sendCurrency(),
                c.partnerFee().toPlainString(), c.principalFee().toPlainString(),
                c.partnerFee().add(c.principalFee()).toPlainString(), c.totalConsumerCost().toPlainString(),
                c.fxRate().toPlainString(), c.receiveAmount().toPlainString(), c.receiveCurrency(), c.expiresAt());
        return new QuoteView(c.quoteId(), c.partnerQuoteSeq(), c.jti(), status.name(), acceptable, c.partnerId(),
                c.subscriptionId(), c.corridor(), c.corridorType(), c.sendAmount().toPlainString(), c.sendCurrency(),
                c.receiveAmount().toPlainString(), c.receiveCurrency(), c.beneficiaryCountry(), c.beneficiaryCurrency(),
                c.fxRate().toPlainString(), c.partnerFee().toPlainString(), c.principalFee().toPlainString(),
                c.totalConsumerCost().toPlainString(), c.issuedAt(), c.expiresAt(), disclosure, quote.kid(),
                acceptable ? quote.jws() : null, quote.errorCode());
    }
}
