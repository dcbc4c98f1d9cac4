package com.partnerplatform.quote.pricing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.partnerplatform.events.pricing.FxRate;

/**
 * The latest market rate per currency pair, fed by the compacted {@code pricing.fx-rates} topic and
 * the admin API. A rate is accepted only if it is well formed and not older than the one held (a
 * replayed or late record never overwrites a fresher rate); whether it is fresh enough to price
 * with is decided when pricing, against the configured maximum age.
 */
public class FxRateTable {

    private static final Pattern PAIR = Pattern.compile("([A-Z]{3})/([A-Z]{3})");
    /** Plain positive decimal, no sign or exponent, at most 12 fraction digits. */
    private static final Pattern RATE = Pattern.compile("(0|[1-9][0-9]{0,11})(\\.[0-9]{1,12})?");
    private static final Pattern SOURCE = Pattern.compile("[\\x21-\\x7e]{1,64}");

    /**
     * One accepted market rate.
     *
     * @param pair SEND/RECEIVE currency pair
     * @param rate units of the receive currency per unit of the send currency
     * @param source where the rate came from (feed name, admin)
     * @param asOf when the source fixed it
     */
    public record MarketRate(String pair, BigDecimal rate, String source, Instant asOf) {
        public Duration ageAt(Instant now) {
            return Duration.between(asOf, now);
        }
    }

    private final Map<String, MarketRate> rates = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration maxFutureSkew;

    public FxRateTable(Clock clock, Duration maxFutureSkew) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
    }

    /**
     * Checks and stores a rate.
     *
     * @return true if it is now the pair's rate, false if the table already holds a newer one
     * @throws IllegalArgumentException naming the rule the record breaks
     */
    public boolean accept(FxRate fxRate) {
        MarketRate candidate = validate(fxRate);
        boolean[] stored = {false};
        rates.compute(candidate.pair(), (pair, held) -> {
            if (held != null && held.asOf().isAfter(candidate.asOf())) {
                return held;
            }
            stored[0] = true;
            return candidate;
        });
        return stored[0];
    }

    /** Checks a rate without storing it. */
    public MarketRate validate(FxRate fxRate) {
        if (fxRate == null) {
            throw new IllegalArgumentException("no rate given");
        }
        var pair = fxRate.pair() == null ? null : PAIR.matcher(fxRate.pair());
        if (pair == null || !pair.matches() || Currencies.minorUnits(pair.group(1)).isEmpty()
                || Currencies.minorUnits(pair.group(2)).isEmpty() || pair.group(1).equals(pair.group(2))) {
            throw new IllegalArgumentException("pair must be two different ISO 4217 codes as BASE/QUOTE, e.g. EUR/MAD");
        }
        if (fxRate.rate() == null || !RATE.matcher(fxRate.rate()).matches()) {
            throw new IllegalArgumentException("rate must be a plain decimal string with at most 12 fraction digits, e.g. \"10.9596\"");
        }
        BigDecimal rate = new BigDecimal(fxRate.rate());
        if (rate.signum() <= 0) {
            throw new IllegalArgumentException("rate must be greater than zero");
        }
        if (fxRate.source() == null || !SOURCE.matcher(fxRate.source()).matches()) {
            throw new IllegalArgumentException("source must be 1 to 64 visible ASCII characters");
        }
        if (fxRate.asOf() == null) {
            throw new IllegalArgumentException("asOf is required");
        }
        if (fxRate.asOf().isAfter(clock.instant().plus(maxFutureSkew))) {
            throw new IllegalArgumentException("asOf is in the future beyond the allowed clock skew of " + maxFutureSkew);
        }
        return new MarketRate(fxRate.pair(), rate, fxRate.source(), fxRate.asOf());
    }

    public Optional<MarketRate> rate(String pair) {
        return Optional.ofNullable(rates.get(pair));
    }

    /** Every held rate, by pair. */
    public List<MarketRate> all() {
        return rates.values().stream().sorted(java.util.Comparator.comparing(MarketRate::pair)).toList();
    }
}
