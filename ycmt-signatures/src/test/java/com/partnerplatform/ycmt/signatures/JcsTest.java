package com.partnerplatform.ycmt.signatures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JcsTest {

    static Stream<String> vectorNames() throws Exception {
        try (Stream<Path> files = Files.list(Fixtures.sharedDir().resolve("testdata/jcs"))) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".input.json"))
                    .map(n -> n.substring(0, n.length() - ".input.json".length()))
                    .sorted().toList();
            assertThat(names).hasSize(6);
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("vectorNames")
    void canonicalisesEveryRfc8785VectorByteForByte(String name) throws Exception {
        Path dir = Fixtures.sharedDir().resolve("testdata/jcs");
        String input = Files.readString(dir.resolve(name + ".input.json"), StandardCharsets.UTF_8);
        byte[] expected = Files.readAllBytes(dir.resolve(name + ".output.json"));

        assertThat(Jcs.canonicalize(input)).isEqualTo(expected);
    }

    @Test
    void canonicalisesTheQuoteSpecSection11ExampleToTheSpecsCanonicalForm() {
        String pretty = """
                {
                "quote_signature_v1": "v1",
                "quote_id": "QT-123",
                "send_amount": "100.00"
                }""";

        assertThat(new String(Jcs.canonicalize(pretty), StandardCharsets.UTF_8))
                .isEqualTo("{\"quote_id\":\"QT-123\",\"quote_signature_v1\":\"v1\",\"send_amount\":\"100.00\"}");
    }

    @Test
    void canonicalisesTheQuoteSpecSection6ExamplePayload() {
        String specExample = """
                {
                "beneficiary_country": "MA",
                "beneficiary_currency": "MAD",
                "corridor": "ES-MA",
                "corridor_type": "OPEN_PAYMENT",
                "exp": 1777105812,
                "expires_at": "2026-05-11T15:30:12Z",
                "fx_rate": "10.8500",
                "iat": 1777102212,
                "issued_at": "2026-05-11T14:30:12Z",
                "jti": "01HX9F2J7K3M5N7P9Q1R3T5V88",
                "partner_fee": "1.50",
                "partner_id": "PRT-YESCASH-EU-DEMO-PARTNER",
                "partner_quote_seq": 123,
                "principal_fee": "1.00",
                "quote_id": "QT-PARTNER-2026-05-11-0000000123",
                "quote_signature_v1": "v1",
                "receive_amount": "1085.00",
                "receive_currency": "MAD",
                "send_amount": "100.00",
                "send_currency": "EUR",
                "subscription_id": "SUB-01HX9F2J7K3M5N7P9Q1R3T5V7W",
                "total_consumer_cost": "102.50"
                }
                """;
        String expected = "{\"beneficiary_country\":\"MA\",\"beneficiary_currency\":\"MAD\",\"corridor\":\"ES-MA\","
                + "\"corridor_type\":\"OPEN_PAYMENT\",\"exp\":1777105812,\"expires_at\":\"2026-05-11T15:30:12Z\","
                + "\"fx_rate\":\"10.8500\",\"iat\":1777102212,\"issued_at\":\"2026-05-11T14:30:12Z\","
                + "\"jti\":\"01HX9F2J7K3M5N7P9Q1R3T5V88\",\"partner_fee\":\"1.50\","
                + "\"partner_id\":\"PRT-YESCASH-EU-DEMO-PARTNER\",\"partner_quote_seq\":123,\"principal_fee\":\"1.00\","
                + "\"quote_id\":\"QT-PARTNER-2026-05-11-0000000123\",\"quote_signature_v1\":\"v1\","
                + "\"receive_amount\":\"1085.00\",\"receive_currency\":\"MAD\",\"send_amount\":\"100.00\","
                + "\"send_currency\":\"EUR\",\"subscription_id\":\"SUB-01HX9F2J7K3M5N7P9Q1R3T5V7W\","
                + "\"total_consumer_cost\":\"102.50\"}";

        assertThat(new String(Jcs.canonicalize(specExample), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void mapAndTextInputsOfTheSameQuoteCanonicaliseToTheSameBytes() {
        Map<String, Object> claims = Fixtures.quoteClaims();
        String text = "{\"total_consumer_cost\":\"102.50\"," + claims.entrySet().stream()
                .filter(e -> !e.getKey().equals("total_consumer_cost"))
                .map(e -> "\n  \"" + e.getKey() + "\" : " + (e.getValue() instanceof String s ? "\"" + s + "\"" : e.getValue()))
                .reduce((a, b) -> a + "," + b).orElseThrow() + "}";

        assertThat(Jcs.canonicalize(claims)).isEqualTo(Jcs.canonicalize(text));
    }

    @Test
    void canonicalisesTopLevelScalarsAsRfc8785Does() {
        assertThat(new String(Jcs.canonicalize("\"\\u20ac\\n\""), StandardCharsets.UTF_8)).isEqualTo("\"€\\n\"");
        assertThat(new String(Jcs.canonicalize(" 1E2 "), StandardCharsets.UTF_8)).isEqualTo("100");
        assertThat(new String(Jcs.canonicalize("null"), StandardCharsets.UTF_8)).isEqualTo("null");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThatThrownBy(() -> Jcs.canonicalize("{\"a\":1,\"b\":2,\"a\":3}"))
                .isInstanceOf(JcsException.class).hasMessageContaining("duplicate key");
    }

    @Test
    void rejectsAnEscapedLoneSurrogate() {
        assertThatThrownBy(() -> Jcs.canonicalize("{\"a\":\"x\\ud800y\"}"))
                .isInstanceOf(JcsException.class).hasMessageContaining("lone surrogate");
    }

    @Test
    void rejectsALoneSurrogateInAKeyOfAJavaMap() {
        assertThatThrownBy(() -> Jcs.canonicalize(Map.of("\udc00", "v")))
                .isInstanceOf(JcsException.class).hasMessageContaining("lone surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9007199254740993", "-9007199254740993", "12345678901234567891"})
    void rejectsIntegersThatWouldChangeValueAsADouble(String number) {
        assertThatThrownBy(() -> Jcs.canonicalize("{\"n\":" + number + "}"))
                .isInstanceOf(JcsException.class).hasMessageContaining("safe range");
    }

    @Test
    void acceptsLargeIntegersThatADoubleHoldsExactly() {
        assertThat(new String(Jcs.canonicalize("[9007199254740992,1000000000000000000000]"), StandardCharsets.UTF_8))
                .isEqualTo("[9007199254740992,1e+21]");
    }

    @Test
    void acceptsTheLargestSafeInteger() {
        assertThat(new String(Jcs.canonicalize("[9007199254740991,-9007199254740991]"), StandardCharsets.UTF_8))
                .isEqualTo("[9007199254740991,-9007199254740991]");
    }

    @Test
    void rejectsANumberThatOverflowsADouble() {
        assertThatThrownBy(() -> Jcs.canonicalize("[1e400]"))
                .isInstanceOf(JcsException.class).hasMessageContaining("overflows");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5e-324", "2.2250738585072009e-308", "-4.9e-324"})
    void rejectsSubnormalNumbersTheLibraryMishandles(String number) {
        assertThatThrownBy(() -> Jcs.canonicalize("[" + number + "]"))
                .isInstanceOf(JcsException.class).hasMessageContaining("subnormal");
    }

    @Test
    void acceptsTheSmallestNormalDouble() {
        assertThat(new String(Jcs.canonicalize("[2.2250738585072014e-308]"), StandardCharsets.UTF_8))
                .isEqualTo("[2.2250738585072014e-308]");
    }

    @Test
    void rejectsANonZeroNumberThatUnderflowsToZero() {
        assertThatThrownBy(() -> Jcs.canonicalize("[1e-400]"))
                .isInstanceOf(JcsException.class).hasMessageContaining("underflows");
    }

    @Test
    void rejectsNonFiniteDoublesInJavaMaps() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("x", Double.NaN);
        assertThatThrownBy(() -> Jcs.canonicalize(map)).isInstanceOf(JcsException.class).hasMessageContaining("not finite");
    }

    @Test
    void rejectsJavaTypesWithoutAJsonMeaningInsteadOfSerialisingThemByReflection() {
        assertThatThrownBy(() -> Jcs.canonicalize(Map.of("issued_at", Instant.EPOCH)))
                .isInstanceOf(JcsException.class).hasMessageContaining("unsupported type java.time.Instant");
    }

    @Test
    void writesJavaBigDecimalsAsNumbersTheWayJavaScriptWould() {
        assertThat(new String(Jcs.canonicalize(Map.of("a", new BigDecimal("4.50"), "b", 1e21)), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":4.5,\"b\":1e+21}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1} x", "{\"a\":01}", "{'a':1}", "{\"a\":NaN}", "{\"a\":1,}", "", "   "})
    void rejectsTextThatIsNotExactlyOneJsonValue(String text) {
        assertThatThrownBy(() -> Jcs.canonicalize(text)).isInstanceOf(JcsException.class);
    }

    @Test
    void rejectsInputLargerThanTheLimitBeforeParsingIt() {
        String huge = "[\"" + "a".repeat(Jcs.MAX_INPUT_CHARS) + "\"]";
        assertThatThrownBy(() -> Jcs.canonicalize(huge))
                .isInstanceOf(JcsException.class).hasMessageContaining("limit is " + Jcs.MAX_INPUT_CHARS);
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        String deep = "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Jcs.canonicalize(deep)).isInstanceOf(JcsException.class).hasMessageContaining("limit");
    }

    @Test
    void errorMessagesDoNotEchoTheInput() {
        assertThatThrownBy(() -> Jcs.canonicalize("{\"secret\":\"hunter2\" \"x\"}"))
                .isInstanceOf(JcsException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
}
