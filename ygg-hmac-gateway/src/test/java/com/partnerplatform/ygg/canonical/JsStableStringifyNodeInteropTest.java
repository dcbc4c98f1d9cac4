package com.partnerplatform.ygg.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerplatform.ygg.testing.JsonBodyGenerator;
import com.partnerplatform.ygg.testing.NodeInterop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code stringify(JSON.parse(body))} of the real npm package against ours, byte for byte, and agreement on
 * which bodies JSON.parse rejects.
 */
class JsStableStringifyNodeInteropTest {

    private static final List<String> EDGE_CASES = List.of(
            "1.", ".5", "01", "-01", "1e", "1e+", "\"\t\"", "[1,]", "{\"a\":1,}", " \u00a0 1", "\ufeff1", "\u000b1",
            "\f1", "+1", "-", "0x1", "NaN", "Infinity", "[", "{\"a\"}", "{\"a\":}", "{'a':1}", "\"\\x\"",
            "\"\\u12\"", "\"\\U0041\"", "\"\u0000\"", "\"\u001f\"", "[1 2]", "1 2", "", " ", "nul", "truex", "/**/1",
            "\"\\'\"", "\u20281", "1\u2029", "\"\\u00\"",
            " 1 ", "\t\n\r1\t\n\r", "[]", "{}", "\"\"", "\"\\u0000\"", "1E+2", "-0", "0e0", "-0.0E-0", "[1e400]",
            "\"\u2028\"", "{\"a\":1,\"a\":2}", "\"\\/\"", "\"\u007f\"", "\"\\ud800\"", "\"\\uDFFF\\uD800\"",
            "{\"__proto__\":1}", "{\"__proto__\":{\"a\":1},\"b\":2}", "{\"toJSON\":1}", "{\"toJSON\":{\"toJSON\":2}}",
            "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]", "{\"\":{\"\":\"\"}}", "1e-400", "-1e-400", "123456789e-20",
            "[true,false,null]", "{\"1\":1,\"a\":2,\"0\":3,\"01\":4,\"-1\":5}");

    @Test
    void generatedBodiesCanonicaliseByteForByteLikeTheNpmPackage() {
        JsonBodyGenerator generator = new JsonBodyGenerator(424242L, false);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String body = generator.body();
            bodies.add(body);
            if (i % 4 == 0) {
                bodies.add(generator.mutate(body));
            }
        }
        for (String n : JsonBodyGenerator.TRICKY_NUMBERS) {
            bodies.add(n);
            bodies.add("{\"n\":" + n + "}");
        }
        assertAgreesWithNode(bodies, true);
    }

    @Test
    void bodiesWithRawLoneSurrogatesInStringInputMatchTheNpmPackage() {
        JsonBodyGenerator generator = new JsonBodyGenerator(5150L, true);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            bodies.add(generator.body());
        }
        assertAgreesWithNode(bodies, false);
    }

    @Test
    void jsonParseEdgeCasesAreAcceptedAndRejectedAlike() {
        assertAgreesWithNode(EDGE_CASES, true);
    }

    @Test
    void objectKeyOrderMatchesJavaScriptOwnKeyOrder() {
        JsonBodyGenerator generator = new JsonBodyGenerator(77L, false);
        List<String> bodies = new ArrayList<>();
        while (bodies.size() < 1_000) {
            String body = generator.body();
            if (JsJsonParser.withDefaultLimits().parse(body) instanceof java.util.Map) {
                bodies.add(body);
            }
        }
        bodies.add("{\"b\":1,\"10\":1,\"a\":1,\"2\":1,\"01\":1,\"4294967295\":1,\"4294967294\":1,\"2\":3}");
        List<String> node = NodeInterop.runLines("keys", bodies.stream().map(NodeInterop::encode).toList());

        for (int i = 0; i < bodies.size(); i++) {
            java.util.Map<?, ?> object = (java.util.Map<?, ?>) JsJsonParser.withDefaultLimits().parse(bodies.get(i));
            String ours = JsStableStringify.stringify(new ArrayList<>(object.keySet()));
            assertThat(ours).as("keys of body %d", i).isEqualTo(NodeInterop.decode(node.get(i)));
        }
    }

    private static void assertAgreesWithNode(List<String> bodies, boolean alsoAsUtf8) {
        List<String> node = NodeInterop.runLines("canonical", bodies.stream().map(NodeInterop::encode).toList());
        List<String> mismatches = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < bodies.size(); i++) {
            String body = bodies.get(i);
            String expected = node.get(i).startsWith("ok ") ? "ok " + NodeInterop.decode(node.get(i).substring(3)) : "rejected";
            accepted += expected.startsWith("ok ") ? 1 : 0;
            String viaString = ours(() -> JsJsonParser.withDefaultLimits().parse(body));
            if (!viaString.equals(expected) && mismatches.size() < 10) {
                mismatches.add("body " + i + " " + printable(body) + "\n  ours " + printable(viaString)
                        + "\n  node " + printable(expected));
            }
            if (alsoAsUtf8) {
                byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
                String viaBytes = ours(() -> JsJsonParser.withDefaultLimits().parse(utf8));
                if (!viaBytes.equals(expected) && mismatches.size() < 10) {
                    mismatches.add("body " + i + " as UTF-8 " + printable(body) + "\n  ours " + printable(viaBytes)
                            + "\n  node " + printable(expected));
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(accepted).as("some bodies must be valid for the comparison to mean anything").isPositive();
    }

    private static String ours(java.util.function.Supplier<Object> parse) {
        try {
            return "ok " + JsStableStringify.stringify(parse.get());
        } catch (JsJsonException e) {
            return "rejected";
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : (s.length() > 300 ? s.substring(0, 300) + "..." : s).toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }
}
