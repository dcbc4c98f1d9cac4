package com.partnerplatform.ygg.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsJsonParserTest {

    private final JsJsonParser parser = JsJsonParser.withDefaultLimits();

    @Test
    void producesMapsListsDoublesStringsBooleansAndNull() {
        Object value = parser.parse("{\"o\":{\"k\":[1,\"s\",true,false,null]}}");

        assertThat(value).isInstanceOf(Map.class);
        Object inner = ((Map<?, ?>) ((Map<?, ?>) value).get("o")).get("k");
        assertThat(inner).isEqualTo(java.util.Arrays.asList(1.0, "s", true, false, null));
        assertThat(((List<?>) inner).get(0)).isInstanceOf(Double.class);
    }

    @Test
    void duplicateKeyTakesTheLastValueAndKeepsTheFirstPosition() {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) parser.parse("{\"a\":1,\"b\":2,\"a\":3}");

        assertThat(object.keySet()).containsExactly("a", "b");
        assertThat(object.get("a")).isEqualTo(3.0);
    }

    @Test
    void arrayIndexKeysComeFirstInAscendingOrderLikeJavaScriptObjects() {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) parser.parse(
                "{\"b\":1,\"10\":1,\"a\":1,\"2\":1,\"01\":1,\"4294967295\":1,\"4294967294\":1}");

        // "01" is not canonical and 2^32 - 1 is not an array index: both stay in insertion order
        assertThat(object.keySet()).containsExactly("2", "10", "4294967294", "b", "a", "01", "4294967295");
    }

    @Test
    void loneSurrogateEscapesAreKeptAsCodeUnits() {
        assertThat(parser.parse("\"\\ud800x\\uDC00\"")).isEqualTo("\ud800x\udc00");
    }

    @Test
    void escapedSurrogatePairBecomesOneCharacter() {
        assertThat(parser.parse("\"\\ud83d\\ude00\"")).isEqualTo("\ud83d\ude00");
    }

    @Test
    void decodesEveryShortEscape() {
        assertThat(parser.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"")).isEqualTo("\"\\/\b\f\n\r\t");
    }

    @Test
    void rawUnicodeLineSeparatorsAndDeleteAreAllowedInStrings() {
        assertThat(parser.parse("\"\u2028\u2029\u007f\"")).isEqualTo("\u2028\u2029\u007f");
    }

    @Test
    void rawLoneSurrogateInStringInputIsKeptAsJavaScriptWould() {
        assertThat(parser.parse("\"\ud800\"")).isEqualTo("\ud800");
    }

    @Test
    void acceptsTheFourJsonWhitespaceCharacters() {
        assertThat(parser.parse(" \t\n\r[ \t\n\r1 \t\n\r] \t\n\r")).isEqualTo(List.of(1.0));
    }

    @Test
    void topLevelScalarsAreValues() {
        assertThat(parser.parse("\"\"")).isEqualTo("");
        assertThat(parser.parse("-0")).isEqualTo(-0.0);
        assertThat(parser.parse("null")).isNull();
    }

    @Test
    void overflowingNumberBecomesInfinity() {
        assertThat(parser.parse("[1e400]")).isEqualTo(List.of(Double.POSITIVE_INFINITY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[1,]", "{\"a\":1,}", "[,1]", "{,}", "[1 2]", "{\"a\" 1}", "{\"a\":}",
        "{a:1}", "{'a':1}", "['a']", "{1:2}", "01", "-01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "NaN",
        "Infinity", "-Infinity", "undefined", "nul", "tru", "truex", "True", "[1]]", "[1]x", "{}{}", "\"abc",
        "\"\\x41\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\U0041\"", "\"\\'\"", "\"\t\"", "\"\n\"", "\"\u0000\"",
        "\"\u001f\"", "\ufeff1", "\u00a01", "1\u00a0", "\u000b1", "\f1", "\u20281", "/*c*/1", "1//c", "[", "]",
        "{", "}", "\"\\\"", "[\"a\\\"]"})
    void rejectsWhatJsonParseRejects(String text) {
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(JsJsonException.class)
                .extracting(e -> ((JsJsonException) e).kind()).isEqualTo(JsJsonException.Kind.SYNTAX);
    }

    @Test
    void syntaxErrorNamesTheProblemAndItsPosition() {
        JsJsonException e = catchThrowableOfType(JsJsonException.class, () -> parser.parse("{\"a\":01}"));

        assertThat(e.reason()).isEqualTo("leading zeros are not allowed");
        assertThat(e.position()).isEqualTo(6);
        assertThat(e.getMessage()).isEqualTo("Invalid JSON at index 6: leading zeros are not allowed");
    }

    @Test
    void errorMessagesNeverRepeatBodyContent() {
        String body = "{\"card\":\"4111111111111111\",\"pin\":\"s3cr3t-pin\" \"oops\"}";
        JsJsonException e = catchThrowableOfType(JsJsonException.class, () -> parser.parse(body));

        assertThat(e.getMessage()).doesNotContain("4111").doesNotContain("s3cr3t").doesNotContain("oops");
    }

    @Test
    void errorPositionsInByteInputAreByteOffsets() {
        byte[] body = "[\"\u00e9\u00e9\",x]".getBytes(StandardCharsets.UTF_8); // each é is two bytes
        JsJsonException e = catchThrowableOfType(JsJsonException.class, () -> parser.parse(body));

        assertThat(e.position()).isEqualTo(8);
        assertThat(e.getMessage()).startsWith("Invalid JSON at byte offset 8:");
    }

    @Test
    void byteInputIsDecodedAsUtf8() {
        byte[] body = "{\"\u00e9\":\"\ud83d\ude00\u2028\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(parser.parse(body)).isEqualTo(Map.of("\u00e9", "\ud83d\ude00\u2028"));
    }

    @Test
    void rejectsMalformedUtf8WithTheOffsetOfTheBadSequence() {
        byte[][] bad = {
            {'"', (byte) 0xC0, (byte) 0x80, '"'},                 // overlong NUL
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},    // encoded surrogate U+D800
            {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
            {'"', (byte) 0xE2, (byte) 0x82, '"'},                 // truncated
            {'"', (byte) 0x80, '"'},                              // stray continuation byte
            {'"', (byte) 0xFF, '"'},                              // never valid
        };
        for (byte[] body : bad) {
            JsJsonException e = catchThrowableOfType(JsJsonException.class, () -> parser.parse(body));
            assertThat(e.kind()).isEqualTo(JsJsonException.Kind.INVALID_UTF8);
            assertThat(e.position()).isEqualTo(1);
        }
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        JsJsonParser limited = new JsJsonParser(new JsJsonParser.Limits(1000, 5));

        assertThat(limited.parse("[[[[{\"a\":1}]]]]")).isNotNull();
    }

    @Test
    void nestingBeyondTheLimitIsRejectedAsTooDeep() {
        JsJsonParser limited = new JsJsonParser(new JsJsonParser.Limits(1000, 5));

        JsJsonException e = catchThrowableOfType(JsJsonException.class, () -> limited.parse("[[[[[[1]]]]]]"));
        assertThat(e.kind()).isEqualTo(JsJsonException.Kind.TOO_DEEP);
    }

    @Test
    void hostileNestingFailsCleanlyInsteadOfOverflowingTheStack() {
        String hostile = "[".repeat(500_000);
        JsJsonParser roomy = new JsJsonParser(new JsJsonParser.Limits(1 << 20, 64));

        JsJsonException e = catchThrowableOfType(JsJsonException.class, () -> roomy.parse(hostile));
        assertThat(e.kind()).isEqualTo(JsJsonException.Kind.TOO_DEEP);
    }

    @Test
    void inputLongerThanTheLimitIsRejectedBeforeParsing() {
        JsJsonParser limited = new JsJsonParser(new JsJsonParser.Limits(8, 5));

        assertThat(catchThrowableOfType(JsJsonException.class, () -> limited.parse("[1,2,3,4]")).kind())
                .isEqualTo(JsJsonException.Kind.TOO_LARGE);
        byte[] bytes = "[1,2,3,4]".getBytes(StandardCharsets.UTF_8);
        assertThat(catchThrowableOfType(JsJsonException.class, () -> limited.parse(bytes)).kind())
                .isEqualTo(JsJsonException.Kind.TOO_LARGE);
        assertThat(limited.parse("[1,2,3]")).isEqualTo(List.of(1.0, 2.0, 3.0));
    }

    @Test
    void defaultLimitsAre64KiBAnd64Levels() {
        assertThat(JsJsonParser.Limits.DEFAULT).isEqualTo(new JsJsonParser.Limits(65_536, 64));
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new JsJsonParser.Limits(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsJsonParser.Limits(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
