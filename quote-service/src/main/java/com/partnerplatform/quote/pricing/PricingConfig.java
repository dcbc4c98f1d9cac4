package com.partnerplatform.quote.pricing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code pricing.*}: the corridor catalogue, fee schedules, envelopes and FX rate freshness. */
@ConfigMapping(prefix = "pricing")
public interface PricingConfig {

    /** Rates older than this refuse to price ({@code quote.rateUnavailable}). */
    @WithDefault("PT5M")
    Duration fxMaxAge();

    /** A rate stamped further in the future than this is refused as a clock or feed error. */
    @WithDefault("PT1M")
    Duration fxMaxFutureSkew();

    /** Rates loaded at start with asOf = start time; only for the local platform (see README). */
    Map<String, String> fxSeed();

    /** Corridors by code, e.g. {@code pricing.corridors.ES-MA.type=OPEN_PAYMENT}. */
    Map<String, CorridorConfig> corridors();

    interface CorridorConfig {
        Corridor.CorridorType type();

        String sendCurrency();

        String receiveCurrency();

        @WithDefault("0")
        BigDecimal marginPercent();

        FeeConfig partnerFee();

        FeeConfig principalFee();

        EnvelopeConfig envelope();
    }

    interface FeeConfig {
        List<TierConfig> tiers();
    }

    interface TierConfig {
        @WithDefault("0")
        BigDecimal from();

        @WithDefault("0")
        BigDecimal fixed();

        @WithDefault("0")
        BigDecimal percent();
    }

    interface EnvelopeConfig {
        BigDecimal minSendAmount();

        BigDecimal maxSendAmount();

        BigDecimal maxMarginPercent();

        BigDecimal maxTotalFee();
    }

    /** The catalogue as domain objects; throws at start on any inconsistency. */
    default Map<String, Corridor> catalogue() {
        java.util.Map<String, Corridor> catalogue = new java.util.TreeMap<>();
        corridors().forEach((code, c) -> catalogue.put(code, new Corridor(code, c.type(), c.sendCurrency(),
                c.receiveCurrency(), c.marginPercent(), fees(c.partnerFee()), fees(c.principalFee()),
                new Corridor.Envelope(c.envelope().minSendAmount(), c.envelope().maxSendAmount(),
                        c.envelope().maxMarginPercent(), c.envelope().maxTotalFee()))));
        if (catalogue.isEmpty()) {
            throw new IllegalStateException("pricing.corridors is empty: configure at least one corridor");
        }
        return catalogue;
    }

    private static FeeSchedule fees(FeeConfig config) {
        return new FeeSchedule(config.tiers().stream()
                .map(t -> new FeeSchedule.Tier(t.from(), t.fixed(), t.percent())).toList());
    }
}
