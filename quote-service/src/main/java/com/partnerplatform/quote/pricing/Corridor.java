package com.partnerplatform.quote.pricing;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One corridor of the catalogue with the partner's pricing strategy (margin, partner fees), the
 * principal's (YesCash) fees and the commercial envelope the strategy must stay inside. Built from
 * configuration at start; any inconsistency fails the start, not a customer's quote.
 *
 * @param code ORIGIN-DESTINATION ISO 3166-1 alpha-2 codes, e.g. ES-MA
 * @param type OPEN_PAYMENT or OFFLINE
 * @param sendCurrency origin currency (ISO 4217)
 * @param receiveCurrency destination currency, also the beneficiary currency
 * @param marginPercent partner margin taken off the market rate, in percent (1.00 = 1 %)
 * @param partnerFees the partner's fee schedule, in the send currency
 * @param principalFees the principal's (YesCash) fee schedule, in the send currency
 * @param envelope the accepted commercial limits
 */
public record Corridor(String code, CorridorType type, String sendCurrency, String receiveCurrency,
        BigDecimal marginPercent, FeeSchedule partnerFees, FeeSchedule principalFees, Envelope envelope) {

    private static final Pattern CODE = Pattern.compile("([A-Z]{2})-([A-Z]{2})");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** Corridor types of the quote spec (s.7 corridor_type). */
    public enum CorridorType { OPEN_PAYMENT, OFFLINE }

    /**
     * The commercial envelope: pricing outside it is refused with {@code quote.envelopeBreach}.
     *
     * @param minSendAmount smallest send amount (inclusive)
     * @param maxSendAmount largest send amount (inclusive)
     * @param maxMarginPercent largest partner margin on the rate, in percent
     * @param maxTotalFee largest partner fee + principal fee, in the send currency
     */
    public record Envelope(BigDecimal minSendAmount, BigDecimal maxSendAmount, BigDecimal maxMarginPercent,
            BigDecimal maxTotalFee) {
        public Envelope {
            Objects.requireNonNull(minSendAmount, "min-send-amount");
            Objects.requireNonNull(maxSendAmount, "max-send-amount");
            Objects.requireNonNull(maxMarginPercent, "max-margin-percent");
            Objects.requireNonNull(maxTotalFee, "max-total-fee");
            if (minSendAmount.signum() <= 0 || maxSendAmount.compareTo(minSendAmount) < 0) {
                throw new IllegalArgumentException("envelope needs 0 < min-send-amount <= max-send-amount");
            }
            if (maxMarginPercent.signum() < 0 || maxTotalFee.signum() < 0) {
                throw new IllegalArgumentException("envelope maxima must be zero or positive");
            }
        }
    }

    public Corridor {
        Matcher m = CODE.matcher(Objects.requireNonNull(code, "code"));
        if (!m.matches() || !COUNTRIES.contains(m.group(1)) || !COUNTRIES.contains(m.group(2))) {
            throw new IllegalArgumentException("corridor " + code + ": code must be ORIGIN-DESTINATION ISO 3166-1 alpha-2, e.g. ES-MA");
        }
        Objects.requireNonNull(type, "type");
        for (String currency : new String[] {sendCurrency, receiveCurrency}) {
            if (Currencies.minorUnits(currency).isEmpty()) {
                throw new IllegalArgumentException("corridor " + code + ": " + currency + " is not an ISO 4217 currency with minor units");
            }
        }
        if (marginPercent == null || marginPercent.signum() < 0 || marginPercent.compareTo(BigDecimal.valueOf(100)) >= 0) {
            throw new IllegalArgumentException("corridor " + code + ": margin-percent must be in [0, 100)");
        }
        Objects.requireNonNull(partnerFees, "partner-fee");
        Objects.requireNonNull(principalFees, "principal-fee");
        Objects.requireNonNull(envelope, "envelope");
        int scale = Currencies.scale(sendCurrency);
        if (envelope.minSendAmount().stripTrailingZeros().scale() > scale
                || envelope.maxSendAmount().stripTrailingZeros().scale() > scale) {
            throw new IllegalArgumentException("corridor " + code + ": envelope amounts must fit " + sendCurrency + " minor units");
        }
    }

    /** Destination country, also beneficiary_country. */
    public String beneficiaryCountry() {
        return code.substring(3);
    }

    /** Currency pair of the FX rate this corridor needs, {@code SEND/RECEIVE}. */
    public String pair() {
        return sendCurrency + "/" + receiveCurrency;
    }
}
