package com.partnerplatform.quote.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;

/**
 * A fee by send-amount tier: the tier with the highest {@code from} not above the send amount
 * applies, and its fee is {@code fixed + sendAmount * percent / 100}, rounded HALF_UP to the send
 * currency's minor units (commercial rounding: the fee shown is the nearest representable one).
 *
 * @param tiers at least one tier; the first starts at 0 so every positive amount has a fee
 */
public record FeeSchedule(List<Tier> tiers) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * @param from lowest send amount (inclusive) the tier applies to
     * @param fixed fixed part in the send currency
     * @param percent percentage of the send amount, e.g. 0.30 for 0.30 %
     */
    public record Tier(BigDecimal from, BigDecimal fixed, BigDecimal percent) {
        public Tier {
            requireNonNegative(from, "from");
            requireNonNegative(fixed, "fixed");
            requireNonNegative(percent, "percent");
            if (percent.compareTo(HUNDRED) >= 0) {
                throw new IllegalArgumentException("fee percent must be below 100");
            }
        }
    }

    public FeeSchedule {
        if (tiers == null || tiers.isEmpty()) {
            throw new IllegalArgumentException("a fee schedule needs at least one tier");
        }
        tiers = tiers.stream().sorted(Comparator.comparing(Tier::from)).toList();
        if (tiers.get(0).from().signum() != 0) {
            throw new IllegalArgumentException("the first fee tier must start at 0");
        }
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).from().compareTo(tiers.get(i - 1).from()) == 0) {
                throw new IllegalArgumentException("two fee tiers start at " + tiers.get(i).from().toPlainString());
            }
        }
    }

    /** A schedule of one tier: the same fee for every amount. */
    public static FeeSchedule flat(String fixed, String percent) {
        return new FeeSchedule(List.of(new Tier(BigDecimal.ZERO, new BigDecimal(fixed), new BigDecimal(percent))));
    }

    /** The fee for {@code sendAmount}, at {@code scale} fraction digits. */
    public BigDecimal feeFor(BigDecimal sendAmount, int scale) {
        Tier tier = tiers.get(0);
        for (Tier candidate : tiers) {
            if (candidate.from().compareTo(sendAmount) <= 0) {
                tier = candidate;
            }
        }
        BigDecimal exact = tier.fixed().add(sendAmount.multiply(tier.percent()).divide(HUNDRED));
        return exact.setScale(scale, RoundingMode.HALF_UP);
    }

    private static void requireNonNegative(BigDecimal value, String name) {
        if (value == null || value.signum() < 0) {
            throw new IllegalArgumentException("fee tier " + name + " must be zero or positive");
        }
    }
}
