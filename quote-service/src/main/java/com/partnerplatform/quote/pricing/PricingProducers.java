package com.partnerplatform.quote.pricing;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import com.partnerplatform.events.pricing.FxRate;

/** Wires the plain pricing classes (unit-testable without Quarkus) as beans. */
@ApplicationScoped
public class PricingProducers {

    private static final Logger LOG = Logger.getLogger(PricingProducers.class);

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    FxRateTable fxRateTable(PricingConfig config, Clock clock) {
        FxRateTable table = new FxRateTable(clock, config.fxMaxFutureSkew());
        Instant now = clock.instant();
        config.fxSeed().forEach((pair, rate) -> {
            table.accept(new FxRate(pair, rate, "config-seed", now));
            LOG.warnf("FX rate %s seeded from configuration (pricing.fx-seed); use only on the local platform", pair);
        });
        return table;
    }

    @Produces
    @ApplicationScoped
    PricingEngine pricingEngine(PricingConfig config, FxRateTable rates, Clock clock) {
        return new PricingEngine(config.catalogue(), rates, clock, config.fxMaxAge());
    }
}
