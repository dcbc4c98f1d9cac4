package com.partnerplatform.quote.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import com.partnerplatform.quote.pricing.FxRateTable.MarketRate;
import com.partnerplatform.quote.pricing.PricingRefused.Reason;

/**
 * Prices one request. Pure arithmetic over the catalogue and the rate table; it writes nothing, so
 * a refusal leaves no trace (no sequence number is taken before pricing succeeds).
 *
 * <p>Rounding, each chosen so the signed promise is one the partner can keep:
 * <ul>
 * <li>customer rate = market rate x (1 - margin), HALF_UP at 4 fraction digits (the spec's
 * {@code "10.8500"}): the nearest representable rate to the configured policy;</li>
 * <li>receive amount = send amount x customer rate, DOWN (towards zero) to the receive currency's
 * minor units: the partner never promises a fraction of a minor unit it cannot deliver;</li>
 * <li>send amount derived from a requested receive amount = receive / rate, UP (CEILING) to the send
 * currency's minor units: the smallest send amount that delivers at least what was asked; the
 * signed receive amount is then recomputed from it as above, so {@code receive == floor(send x rate)}
 * always holds;</li>
 * <li>fees HALF_UP to the send currency's minor units (see {@link FeeSchedule}).</li>
 * </ul>
 * total_consumer_cost = send amount + partner fee + principal fee, exactly.
 */
public class PricingEngine {

    /** Fraction digits of fx_rate (quote spec example "10.8500"). */
    public static final int RATE_SCALE = 4;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** What the customer asked for: exactly one of the amounts. */
    public record Request(String corridor, String sendCurrency, String receiveCurrency, BigDecimal sendAmount,
            BigDecimal receiveAmount) {
        public Request {
            if ((sendAmount == null) == (receiveAmount == null)) {
                throw new IllegalArgumentException("exactly one of sendAmount and receiveAmount is required");
            }
        }
    }

    private final Map<String, Corridor> catalogue;
    private final FxRateTable rates;
    private final Clock clock;
    private final Duration maxRateAge;

    public PricingEngine(Map<String, Corridor> catalogue, FxRateTable rates, Clock clock, Duration maxRateAge) {
        this.catalogue = Map.copyOf(catalogue);
        this.rates = Objects.requireNonNull(rates);
        this.clock = Objects.requireNonNull(clock);
        this.maxRateAge = Objects.requireNonNull(maxRateAge);
    }

    public Map<String, Corridor> catalogue() {
        return catalogue;
    }

    public Duration maxRateAge() {
        return maxRateAge;
    }

    /** @throws PricingRefused with the reason and a detail safe to show the caller */
    public Price price(Request request) {
        Corridor corridor = catalogue.get(request.corridor());
        if (corridor == null) {
            throw new PricingRefused(Reason.UNKNOWN_CORRIDOR, "corridor " + printable(request.corridor())
                    + " is not offered; offered: " + String.join(", ", catalogue.keySet().stream().sorted().toList()));
        }
        if (!corridor.sendCurrency().equals(request.sendCurrency())
                || !corridor.receiveCurrency().equals(request.receiveCurrency())) {
            throw new PricingRefused(Reason.CURRENCY_MISMATCH, "corridor " + corridor.code() + " sends "
                    + corridor.sendCurrency() + " and receives " + corridor.receiveCurrency());
        }
        MarketRate market = freshRate(corridor);
        Corridor.Envelope envelope = corridor.envelope();
        if (corridor.marginPercent().compareTo(envelope.maxMarginPercent()) > 0) {
            throw new PricingRefused(Reason.ENVELOPE_BREACH, "the partner margin on corridor " + corridor.code()
                    + " exceeds the envelope's maximum of " + envelope.maxMarginPercent().toPlainString() + " %");
        }
        int sendScale = Currencies.scale(corridor.sendCurrency());
        int receiveScale = Currencies.scale(corridor.receiveCurrency());
        BigDecimal rate = customerRate(market.rate(), corridor.marginPercent());

        BigDecimal send;
        if (request.sendAmount() != null) {
            send = atScale(request.sendAmount(), sendScale, "sendAmount");
        } else {
            BigDecimal wanted = atScale(request.receiveAmount(), receiveScale, "receiveAmount");
            send = wanted.divide(rate, sendScale, RoundingMode.CEILING);
        }
        BigDecimal receive = send.multiply(rate).setScale(receiveScale, RoundingMode.DOWN);

        if (send.compareTo(envelope.minSendAmount()) < 0 || send.compareTo(envelope.maxSendAmount()) > 0) {
            throw new PricingRefused(Reason.ENVELOPE_BREACH, "the send amount must be between "
                    + envelope.minSendAmount().setScale(sendScale).toPlainString() + " and "
                    + envelope.maxSendAmount().setScale(sendScale).toPlainString() + " " + corridor.sendCurrency()
                    + " on corridor " + corridor.code());
        }
        if (receive.signum() <= 0) {
            throw new PricingRefused(Reason.ENVELOPE_BREACH, "the receive amount rounds to zero");
        }
        BigDecimal partnerFee = corridor.partnerFees().feeFor(send, sendScale);
        BigDecimal principalFee = corridor.principalFees().feeFor(send, sendScale);
        if (partnerFee.add(principalFee).compareTo(envelope.maxTotalFee()) > 0) {
            throw new PricingRefused(Reason.ENVELOPE_BREACH, "the total fee would exceed the envelope's maximum of "
                    + envelope.maxTotalFee().toPlainString() + " "
                    + corridor.sendCurrency() + " on corridor " + corridor.code());
        }
        BigDecimal total = send.add(partnerFee).add(principalFee);
        return new Price(corridor, send, receive, rate, partnerFee, principalFee, total, market);
    }

    /** Market rate x (1 - margin %), HALF_UP at {@link #RATE_SCALE}. */
    static BigDecimal customerRate(BigDecimal marketRate, BigDecimal marginPercent) {
        BigDecimal keep = HUNDRED.subtract(marginPercent);
        // movePointLeft(2) is the exact division by 100 without BigDecimal.divide's exact-quotient search
        return marketRate.multiply(keep).movePointLeft(2).setScale(RATE_SCALE, RoundingMode.HALF_UP);
    }

    private MarketRate freshRate(Corridor corridor) {
        MarketRate market = rates.rate(corridor.pair()).orElseThrow(() -> new PricingRefused(Reason.RATE_UNAVAILABLE,
                "no " + corridor.pair() + " rate has been received yet"));
        Instant now = clock.instant();
        if (market.ageAt(now).compareTo(maxRateAge) > 0) {
            throw new PricingRefused(Reason.RATE_UNAVAILABLE, "the latest " + corridor.pair() + " rate is older than the "
                    + maxRateAge.toSeconds() + " s allowed");
        }
        BigDecimal rate = customerRate(market.rate(), corridor.marginPercent());
        if (rate.signum() <= 0) {
            throw new PricingRefused(Reason.RATE_UNAVAILABLE, "the " + corridor.pair() + " rate rounds to zero");
        }
        return market;
    }

    private static BigDecimal atScale(BigDecimal amount, int scale, String field) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException(field + " must be greater than zero");
        }
        // UNNECESSARY: an amount finer than the currency's minor units was refused when parsing
        return amount.setScale(scale, RoundingMode.UNNECESSARY);
    }

    private static String printable(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > 16 ? text.substring(0, 16) + "..." : text;
        return cut.replaceAll("[^A-Za-z0-9-]", "?");
    }
}
