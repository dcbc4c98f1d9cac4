package com.partnerplatform.ygg.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The fast paths and the exact Schubfach-style selection against the ECMA-262 definition evaluated literally
 * with BigDecimal ({@link JsNumbers#shortestByDefinition}). Node is the independent reference in
 * {@link JsNumbersNodeInteropTest}; this test adds volume and hand-picked boundary classes without node.
 */
class JsNumbersShortestTest {

    @Test
    void decimalExponentEstimatesAreExactOverTheWholeDoubleRange() {
        for (int q = -1200; q <= 1200; q++) {
            BigDecimal twoPowQ = pow2(q);
            assertThat(floorLog10(twoPowQ)).as("floor(log10(2^%d))", q).isEqualTo(JsNumbers.floorLog10Pow2(q));
            BigDecimal threeQuarters = twoPowQ.multiply(new BigDecimal("0.75"));
            assertThat(floorLog10(threeQuarters)).as("floor(log10(3/4 * 2^%d))", q)
                    .isEqualTo(JsNumbers.floorLog10ThreeQuartersPow2(q));
        }
    }

    @Test
    void matchesTheDefinitionOnPowersOfTwoAndTheirNeighbours() {
        List<Double> values = new ArrayList<>();
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            values.add(p);
            values.add(Math.nextUp(p));
            if (Math.nextDown(p) > 0) {
                values.add(Math.nextDown(p));
            }
        }
        assertMatchesDefinition(values);
    }

    @Test
    void matchesTheDefinitionOnTheSmallestSubnormals() {
        List<Double> values = new ArrayList<>();
        for (long c = 1; c <= 2000; c++) {
            values.add(Double.longBitsToDouble(c));
        }
        assertMatchesDefinition(values);
    }

    @Test
    void matchesTheDefinitionOnRandomDoublesOfEveryMagnitude() {
        SplittableRandom random = new SplittableRandom(20240611L);
        List<Double> values = new ArrayList<>();
        while (values.size() < 12_000) {
            double d = Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE);
            if (d > 0 && !Double.isInfinite(d)) {
                values.add(d);
            }
        }
        for (int i = 0; i < 6_000; i++) {
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(-20, 22)));
            values.add(random.nextInt(1, 1_000_000) / Math.pow(10, random.nextInt(1, 12)));
            values.add(Double.longBitsToDouble(random.nextLong(1, 1L << 52))); // subnormal
        }
        assertMatchesDefinition(values);
    }

    private static void assertMatchesDefinition(List<Double> values) {
        List<String> mismatches = new ArrayList<>();
        for (double v : values) {
            JsNumbers.Decimal actual = JsNumbers.decimalOf(v);
            JsNumbers.Decimal expected = JsNumbers.shortestByDefinition(v);
            if (!actual.equals(expected) && mismatches.size() < 10) {
                mismatches.add(Double.doubleToRawLongBits(v) + ": " + actual + " expected " + expected);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static BigDecimal pow2(int q) {
        return q >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(q)) : new BigDecimal(BigInteger.valueOf(5).pow(-q), -q);
    }

    /** floor(log10(x)) for x > 0, exactly. */
    private static int floorLog10(BigDecimal x) {
        // x = unscaled * 10^-scale; its integer digits give the exponent, corrected when x is an exact power.
        int k = x.precision() - x.scale() - 1;
        return x.compareTo(BigDecimal.ONE.scaleByPowerOfTen(k)) >= 0 ? k : k - 1;
    }
}
