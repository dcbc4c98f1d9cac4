package com.partnerplatform.ygg.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Number::toString layout and digit choice; expected strings are what node prints for String(x). */
class JsNumbersToStringTest {

    @Test
    void integersBelowTwoToThe53PrintWithoutFractionOrExponent() {
        assertThat(JsNumbers.toJsString(100)).isEqualTo("100");
        assertThat(JsNumbers.toJsString(-42)).isEqualTo("-42");
        assertThat(JsNumbers.toJsString(9007199254740991.0)).isEqualTo("9007199254740991");
    }

    @Test
    void negativeZeroPrintsAsZero() {
        assertThat(JsNumbers.toJsString(-0.0)).isEqualTo("0");
    }

    @Test
    void nonFiniteValuesPrintAsJavaScriptNamesButAsNullInJson() {
        assertThat(JsNumbers.toJsString(Double.NaN)).isEqualTo("NaN");
        assertThat(JsNumbers.toJsString(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(JsNumbers.toJsString(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(JsNumbers.toJsonString(Double.NaN)).isEqualTo("null");
        assertThat(JsNumbers.toJsonString(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(JsNumbers.toJsonString(Double.NEGATIVE_INFINITY)).isEqualTo("null");
    }

    @Test
    void numbersFrom1e21UpUseExponentFormWithExplicitPlus() {
        assertThat(JsNumbers.toJsString(1e21)).isEqualTo("1e+21");
        assertThat(JsNumbers.toJsString(1e22)).isEqualTo("1e+22");
        assertThat(JsNumbers.toJsString(8.41e21)).isEqualTo("8.41e+21");
        assertThat(JsNumbers.toJsString(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    }

    @Test
    void numbersBelow1e21PrintInFullWithZeros() {
        assertThat(JsNumbers.toJsString(999999999999999900000.0)).isEqualTo("999999999999999900000");
        assertThat(JsNumbers.toJsString(Math.pow(2, 60))).isEqualTo("1152921504606847000");
        assertThat(JsNumbers.toJsString(2.82879384806159e17)).isEqualTo("282879384806159000");
    }

    @Test
    void numbersBelow1eMinus6UseExponentForm() {
        assertThat(JsNumbers.toJsString(0.000001)).isEqualTo("0.000001");
        assertThat(JsNumbers.toJsString(0.000005)).isEqualTo("0.000005");
        assertThat(JsNumbers.toJsString(1e-7)).isEqualTo("1e-7");
        assertThat(JsNumbers.toJsString(5e-7)).isEqualTo("5e-7");
        assertThat(JsNumbers.toJsString(1.5e-7)).isEqualTo("1.5e-7");
        assertThat(JsNumbers.toJsString(1e-5)).isEqualTo("0.00001");
    }

    @Test
    void printsTheShortestDigitsThatRoundTrip() {
        assertThat(JsNumbers.toJsString(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(JsNumbers.toJsString(4.35)).isEqualTo("4.35");
        assertThat(JsNumbers.toJsString(1.2345678901234566e-7)).isEqualTo("1.2345678901234566e-7");
    }

    @Test
    void printsShortDigitsWhereJava17DoubleToStringDoesNot() {
        // Java 17: 1.9999999999999998E23, 9.999999999999999E22, 8.409999999999999E21 (JDK-4511638)
        assertThat(JsNumbers.toJsString(2e23)).isEqualTo("2e+23");
        assertThat(JsNumbers.toJsString(1e23)).isEqualTo("1e+23");
        assertThat(JsNumbers.toJsString(8.41e21)).isEqualTo("8.41e+21");
    }

    @Test
    void subnormalsPrintTheClosestOfTheShortestCandidates() {
        // 2^-1074 = 4.94...e-324: "4e-324".."7e-324" all read back as it; "5e-324" is closest (Java: 4.9E-324)
        assertThat(JsNumbers.toJsString(Double.MIN_VALUE)).isEqualTo("5e-324");
        // 2 * 2^-1074 = 9.88e-324: "1e-323" is one digit and closer than "9e-324"
        assertThat(JsNumbers.toJsString(2 * Double.MIN_VALUE)).isEqualTo("1e-323");
        assertThat(JsNumbers.toJsString(3 * Double.MIN_VALUE)).isEqualTo("1.5e-323");
        assertThat(JsNumbers.toJsString(Double.MIN_NORMAL)).isEqualTo("2.2250738585072014e-308");
    }

    @Test
    void largeIntegersAboveTwoToThe53UseTheGeneralPath() {
        assertThat(JsNumbers.toJsString(9007199254740994.0)).isEqualTo("9007199254740994");
        assertThat(JsNumbers.toJsString(-Math.pow(2, 64))).isEqualTo("-18446744073709552000");
    }
}
