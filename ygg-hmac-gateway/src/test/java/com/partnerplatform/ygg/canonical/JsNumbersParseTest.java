package com.partnerplatform.ygg.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.partnerplatform.ygg.testing.JsonBodyGenerator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** JSON.parse's number conversion: grammar and correct rounding. */
class JsNumbersParseTest {

    @Test
    void halfwayBetweenTwoDoublesRoundsToTheEvenSignificand() {
        // 2^53 + 1 lies halfway between 2^53 and 2^53 + 2; 2^53 has the even significand.
        assertThat(JsNumbers.parseJsonNumber("9007199254740993")).isEqualTo(Math.pow(2, 53));
        // 2^53 + 3 lies halfway between 2^53 + 2 and 2^53 + 4; the latter is even.
        assertThat(JsNumbers.parseJsonNumber("9007199254740995")).isEqualTo(Math.pow(2, 53) + 4);
    }

    @Test
    void valuesJustAboveHalfTheSmallestSubnormalRoundUpToIt() {
        // half of 2^-1074 is 2.4703282292062327208828...e-324
        assertThat(JsNumbers.parseJsonNumber("2.4703282292062328e-324")).isEqualTo(Double.MIN_VALUE);
        assertThat(JsNumbers.parseJsonNumber("2.4703282292062327e-324")).isEqualTo(0.0);
    }

    @Test
    void overflowGivesInfinityAndUnderflowGivesSignedZero() {
        assertThat(JsNumbers.parseJsonNumber("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(JsNumbers.parseJsonNumber("-1e400")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(JsNumbers.parseJsonNumber("1.7976931348623159e308")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(JsNumbers.parseJsonNumber("1.7976931348623158e308")).isEqualTo(Double.MAX_VALUE);
        assertThat(Double.doubleToRawLongBits(JsNumbers.parseJsonNumber("1e-400"))).isZero();
        assertThat(Double.doubleToRawLongBits(JsNumbers.parseJsonNumber("-1e-400"))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void minusZeroIsNegativeZero() {
        assertThat(Double.doubleToRawLongBits(JsNumbers.parseJsonNumber("-0"))).isEqualTo(Long.MIN_VALUE);
        assertThat(Double.doubleToRawLongBits(JsNumbers.parseJsonNumber("-0.0e5"))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void hugeExponentsSaturateInsteadOfOverflowing() {
        assertThat(JsNumbers.parseJsonNumber("1e99999999999999999999")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(JsNumbers.parseJsonNumber("1e-99999999999999999999")).isEqualTo(0.0);
        assertThat(JsNumbers.parseJsonNumber("0e99999999999999999999")).isEqualTo(0.0);
    }

    @Test
    void aMegabyteOfDigitsParsesQuicklyToTheRightValue() {
        String digits = "1" + "0".repeat(1_000_000) + "e-1000000";
        assertThat(JsNumbers.parseJsonNumber(digits)).isEqualTo(1.0);
        String tiny = "0." + "0".repeat(500_000) + "1";
        assertThat(JsNumbers.parseJsonNumber(tiny)).isEqualTo(0.0);
    }

    @Test
    void the128BitPathForUpTo19DigitsAgreesWithTheBigIntegerPath() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(128L);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            long m;
            if (i % 2 == 0) {
                m = random.nextLong(1, Long.MAX_VALUE) >>> random.nextInt(0, 63);
            } else {
                // exactly halfway at e = 0: an odd 54-bit number shifted left, then its neighbours
                long odd54 = random.nextLong(1L << 53, 1L << 54) | 1;
                m = (odd54 << random.nextInt(0, 10)) + random.nextInt(-1, 2);
            }
            m = Math.max(m, 1);
            int e = i % 5 == 1 ? 0 : random.nextInt(-27, 28);
            long fast = Double.doubleToRawLongBits(JsNumbers.exact128(m, e));
            long exact = Double.doubleToRawLongBits(JsNumbers.exactToDouble(java.math.BigInteger.valueOf(m), e));
            if (fast != exact && wrong.size() < 10) {
                wrong.add(m + "e" + e);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", "1.", ".5", "01", "-01", "1e", "1e+", "1E-", "0x10", "Infinity", "NaN",
        "-Infinity", "1d", "1f", " 1", "1 ", "1_000", "1,5", "\u0661"})
    void rejectsWhatTheJsonNumberGrammarRejects(String text) {
        assertThatThrownBy(() -> JsNumbers.parseJsonNumber(text)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void everyGeneratedLiteralIsWithinHalfAnUlpAndTiesGoToEven() {
        JsonBodyGenerator generator = new JsonBodyGenerator(11L, false);
        List<String> literals = new ArrayList<>(JsonBodyGenerator.TRICKY_NUMBERS);
        for (int i = 0; i < 3_000; i++) {
            literals.add(generator.number());
            literals.add(generator.halfway(i % 3 - 1));
        }
        List<String> wrong = new ArrayList<>();
        for (String literal : literals) {
            double d = JsNumbers.parseJsonNumber(literal);
            if (!isCorrectlyRounded(literal, d) && wrong.size() < 10) {
                wrong.add(literal.length() > 60 ? literal.substring(0, 60) + "..." : literal);
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** Checks the IEEE round-to-nearest-even contract with exact decimals, independent of how d was found. */
    private static boolean isCorrectlyRounded(String literal, double d) {
        BigDecimal exact;
        try {
            exact = new BigDecimal(literal).abs();
        } catch (NumberFormatException e) {
            return true; // exponent beyond BigDecimal's range: covered by hugeExponentsSaturateInsteadOfOverflowing
        }
        double a = Math.abs(d);
        if (Double.isInfinite(a)) {
            BigDecimal max = new BigDecimal(Double.MAX_VALUE);
            BigDecimal overflowThreshold = max.add(new BigDecimal(Math.ulp(Double.MAX_VALUE)).divide(BigDecimal.valueOf(2)));
            return exact.compareTo(overflowThreshold) >= 0;
        }
        BigDecimal value = new BigDecimal(a);
        BigDecimal below = a == 0 ? value.subtract(new BigDecimal(Double.MIN_VALUE)) : new BigDecimal(Math.nextDown(a));
        BigDecimal above = a == Double.MAX_VALUE ? value.add(new BigDecimal(Math.ulp(a))) : new BigDecimal(Math.nextUp(a));
        BigDecimal low = value.add(below).divide(BigDecimal.valueOf(2));
        BigDecimal high = value.add(above).divide(BigDecimal.valueOf(2));
        boolean even = (Double.doubleToRawLongBits(a) & 1) == 0;
        int lo = exact.compareTo(low);
        int hi = exact.compareTo(high);
        return even ? lo >= 0 && hi <= 0 : lo > 0 && hi < 0;
    }
}
