package com.partnerplatform.ycmt.signatures.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.ycmt.signatures.Jcs;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm canonicalize (JSON.parse then RFC 8785 in JavaScript) and our {@link Jcs} must produce the
 * same bytes for every input we accept. Inputs are generated with fixed seeds, so a failure is
 * reproducible, and spelled with random whitespace and escape styles to exercise both parsers.
 */
class CanonicalizeInteropTest {

    /** Characters that stress key ordering by UTF-16 code units and JSON escaping. */
    private static final String[] CHARS = {
        "a", "B", "z", "0", "9", "_", " ", "\"", "\\", "/", "\u0000", "\u0001", "\b", "\t", "\n", "\f", "\r", "\u001f",
        "\u007f", "\u0080", "\u00e9", "\u00f6", "\u20ac", "\u2028", "\u2029", "\ue000", "\ufb01", "\ufb33", "\ufffd",
        "\uffff", "\ud800\udc00", "\ud83d\ude00", "\ud83d\ude02", "\ud834\udd1e", "\udbff\udfff", "A\u030a", "\u00c5",
    };

    /** Numbers whose JavaScript spelling differs from the input or from Java's. */
    private static final String[] NUMBERS = {
        "1e21", "1E21", "1e+21", "999999999999999900000", "1e20", "1E-7", "1e-6", "0.000001", "0.0000001", "-0", "-0.0",
        "0", "100.0", "100", "333333333.33333329", "4.50", "2e-3", "0.000000000000000000000000001", "1E30", "-1e-7",
        "9007199254740991", "-9007199254740991", "9007199254740992.0", "0.1", "0.2", "0.30000000000000004",
        "1.7976931348623157e308", "2.2250738585072014e-308", "123456789.123456789", "5e-1", "1.5e300", "-5.5e-300",
        "295147905179352830000", "1.0000000000000002", "4.35", "0.46", "1e-323",
    };

    /** The tricky numbers we accept (subnormals and inexact huge integers are refused by design). */
    private static final List<String> ACCEPTED_NUMBERS =
            java.util.Arrays.stream(NUMBERS).filter(n -> acceptedByUs("[" + n + "]")).toList();

    @TempDir
    Path work;

    @Test
    void refusesOnlyTheTrickyNumbersItRefusesByDesign() {
        assertThat(java.util.Arrays.stream(NUMBERS).filter(n -> !ACCEPTED_NUMBERS.contains(n)))
                .containsExactlyInAnyOrder("999999999999999900000", "295147905179352830000", "1e-323");
    }

    @Test
    void canonicalizeGivesByteIdenticalOutputOnGeneratedTrickyDocuments() throws Exception {
        Random random = new Random(8785);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            StringBuilder text = new StringBuilder();
            writeValue(text, random, 0, true);
            texts.add(text.toString());
        }
        // every number of the tricky list alone and in an array
        for (String n : ACCEPTED_NUMBERS) {
            texts.add("[" + n + "]");
            texts.add(n);
        }

        compareWithNode(texts);
    }

    @Test
    void numberFormattingMatchesJavaScriptOnRandomDoubles() throws Exception {
        Random random = new Random(7493);
        List<String> texts = new ArrayList<>();
        for (int doc = 0; doc < 40; doc++) {
            StringBuilder text = new StringBuilder("[");
            for (int i = 0; i < 5000; i++) {
                double d = Double.longBitsToDouble(random.nextLong());
                if (!Double.isFinite(d) || (d != 0 && Math.abs(d) < Double.MIN_NORMAL)) {
                    d = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                }
                text.append(i == 0 ? "" : ",").append(switch (i % 3) {
                    case 0 -> Double.toString(d);
                    case 1 -> new BigDecimal(d).toString();
                    default -> Long.toString(random.nextLong() % (1L << 53));
                });
            }
            texts.add(text.append(']').toString());
        }

        compareWithNode(texts);
    }

    private void compareWithNode(List<String> texts) throws Exception {
        List<byte[]> ours = new ArrayList<>();
        for (String text : texts) {
            ours.add(Jcs.canonicalize(text));
        }

        JsonNode theirs = NodeReference.run("canonicalize", texts, work);

        assertThat(theirs).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            JsonNode result = theirs.get(i);
            assertThat(result.has("ok")).as("node refused input %d: %s", i, result).isTrue();
            assertThat(new String(ours.get(i), StandardCharsets.UTF_8))
                    .as("input %d: %s", i, texts.get(i))
                    .isEqualTo(result.get("ok").asText());
            assertThat(ours.get(i)).isEqualTo(result.get("ok").asText().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static boolean acceptedByUs(String text) {
        try {
            Jcs.canonicalize(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void writeValue(StringBuilder out, Random random, int depth, boolean container) {
        int kind = container ? random.nextInt(2) : depth > 3 ? 2 + random.nextInt(4) : random.nextInt(6);
        space(out, random);
        switch (kind) {
            case 0 -> {
                int size = random.nextInt(6);
                Set<String> keys = new HashSet<>();
                out.append('{');
                for (int i = 0; i < size; i++) {
                    String key = randomString(random, 4);
                    if (!keys.add(key)) {
                        continue;
                    }
                    if (keys.size() > 1) {
                        out.append(',');
                    }
                    space(out, random);
                    writeString(out, random, key);
                    space(out, random);
                    out.append(':');
                    writeValue(out, random, depth + 1, false);
                }
                out.append('}');
            }
            case 1 -> {
                int size = random.nextInt(5);
                out.append('[');
                for (int i = 0; i < size; i++) {
                    out.append(i == 0 ? "" : ",");
                    writeValue(out, random, depth + 1, false);
                }
                out.append(']');
            }
            case 2 -> writeString(out, random, randomString(random, 12));
            case 3 -> out.append(ACCEPTED_NUMBERS.get(random.nextInt(ACCEPTED_NUMBERS.size())));
            case 4 -> out.append(new String[] {"true", "false", "null"}[random.nextInt(3)]);
            default -> out.append(random.nextBoolean()
                    ? Long.toString(random.nextLong() % (1L << 53))
                    : Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30)));
        }
        space(out, random);
    }

    private static String randomString(Random random, int maxChars) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(maxChars + 1);
        for (int i = 0; i < n; i++) {
            s.append(CHARS[random.nextInt(CHARS.length)]);
        }
        return s.toString();
    }

    /** Spells a string with a random mix of raw characters, short escapes and \\u escapes of either case. */
    private static void writeString(StringBuilder out, Random random, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean mustEscape = c < 0x20 || c == '"' || c == '\\';
            int style = random.nextInt(4);
            if (Character.isHighSurrogate(c)) {
                // a pair is spelled raw or as two escapes, never half and half (the file is UTF-8)
                char low = value.charAt(++i);
                if (style < 2) {
                    out.append(c).append(low);
                } else {
                    out.append(String.format("\\u%04x\\u%04X", (int) c, (int) low));
                }
            } else if (!mustEscape && style < 2) {
                out.append(c);
            } else if (style == 2 && "\"\\/\b\f\n\r\t".indexOf(c) >= 0) {
                out.append('\\').append("\"\\/bfnrt".charAt("\"\\/\b\f\n\r\t".indexOf(c)));
            } else {
                String hex = String.format("%04x", (int) c);
                out.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase());
            }
        }
        out.append('"');
    }

    private static void space(StringBuilder out, Random random) {
        if (random.nextInt(3) == 0) {
            out.append(new String[] {" ", "\n", "\t", "\r\n  "}[random.nextInt(4)]);
        }
    }
}
