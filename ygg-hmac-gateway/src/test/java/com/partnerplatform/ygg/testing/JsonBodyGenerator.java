package com.partnerplatform.ygg.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of JSON texts aimed at the places where a re-implementation of {@code JSON.parse} +
 * json-stable-stringify goes wrong: key order across surrogates, duplicate keys, escapes, lone surrogates,
 * control characters, U+2028, and numbers that need exact conversion (subnormals, halfway cases, overflow,
 * long digit strings, exponent forms).
 */
public final class JsonBodyGenerator {

    /** Numbers chosen by hand because they break naive implementations. */
    public static final List<String> TRICKY_NUMBERS = List.of(
            "0", "-0", "0.0", "-0.0", "0e0", "-0e-0", "0E+5", "1", "-1", "10", "100e-2", "1.5", "-1.5",
            "5e-324", "-5e-324", "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
            "2.2250738585072014e-308", "2.2250738585072011e-308", "2.2250738585072012e-308",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e308", "1e309",
            "1e400", "-1e400", "1e-400", "-1e-400", "1e99999999999999999999", "-1e-99999999999999999999",
            "1e21", "1E21", "1e+21", "999999999999999999999", "1e20", "123456789012345680000", "1e-6", "1e-7",
            "1.5e-7", "0.000001", "0.0000001", "0.1", "0.2", "0.3", "0.30000000000000004", "0.1e1", "1e-1",
            "9007199254740991", "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995",
            "18014398509481985", "18446744073709551616", "1e23", "8.98846567431158e307", "4.35", "0.035",
            "123456789012345678901234567890", "1e0000000000000000000001", "3.141592653589793238462643383279",
            "2e-323", "1e-323", "1.5e-323", "7.4e-323", "0.000000000000000000000000000001",
            "100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e-92");

    private static final String[] KEY_POOL = {
        "a", "b", "A", "Z", "_", "id", "points", "address", "success", "errorCode", "", " ", "a b", "\\\"",
        "__proto__", "toJSON", "constructor", "hasOwnProperty", "length", "0", "1", "2", "10", "42", "01", "-1",
        "1.0", "4294967294", "4294967295", "9007199254740993", "\u00e9", "e\u0301", "\u00df", "\u65e5\u672c",
        "\ud83d\ude00", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud800", "\\uDBFF", "\\udc00", "\\uDFFF", "\ud7ff",
        "\ue000", "\uffff", "\uff61", "\ufeff", "\u2028", "\u2029", "\u007f", "\\u0000", "\\u001f", "\\n", "\\t",
        "\\b", "\\f", "\\r", "\\/", "/", "\\\\", "\\u00e9", "\\u00E9", "\u0080", "\u07ff", "\u0800"
    };

    private static final String[] STRING_PIECES = {
        "x", "hello", "0x123456", " ", "\u00e9", "\u2028", "\u2029", "\u007f", "\u0085", "\u00a0", "\ufeff",
        "\ud83d\ude00", "\ud800\udc00", "\udbff\udfff", "\uffff", "\ufffd", "\\\"", "\\\\", "\\/", "\\b", "\\f",
        "\\n", "\\r", "\\t", "\\u0000", "\\u0001", "\\u001F", "\\u001f", "\\u0020", "\\u007F", "\\u2028",
        "\\ud800", "\\uDC00", "\\udbff\\udfff", "\\ud83d\\ude00", "\\ud83d", "\\ude00x", "\\uFFFE", "\\u00e9",
        "<script>", "'", "`", "\u0600", "\u200d", "\u0301"
    };

    private final Random random;
    private final boolean rawLoneSurrogates;

    /**
     * @param rawLoneSurrogates also put unescaped lone surrogates into strings (only meaningful for String
     *                          input: such text has no UTF-8 form)
     */
    public JsonBodyGenerator(long seed, boolean rawLoneSurrogates) {
        this.random = new Random(seed);
        this.rawLoneSurrogates = rawLoneSurrogates;
    }

    /** A JSON text, usually an object, sometimes an array or a bare scalar. */
    public String body() {
        int pick = random.nextInt(20);
        if (pick == 0) {
            return ws() + scalar() + ws();
        }
        if (pick == 1) {
            return ws() + array(3) + ws();
        }
        return ws() + object(random.nextInt(5) + 1) + ws();
    }

    /** The body with one random edit; usually no longer valid JSON. */
    public String mutate(String body) {
        if (body.isEmpty()) {
            return "{";
        }
        String[] inserts = {",", "]", "}", "[", "{", ":", "\"", "\\", " ", "\u00a0", "\t", "0", "-", ".", "e",
            "\u0001", "\ufeff", "/", "n", "'"};
        int at = random.nextInt(body.length());
        return switch (random.nextInt(3)) {
            case 0 -> body.substring(0, at) + body.substring(at + 1);
            case 1 -> body.substring(0, at) + inserts[random.nextInt(inserts.length)] + body.substring(at);
            default -> body.substring(0, at) + inserts[random.nextInt(inserts.length)] + body.substring(at + 1);
        };
    }

    /** A JSON number literal from one of several families. */
    public String number() {
        switch (random.nextInt(12)) {
            case 0:
                return Integer.toString(random.nextInt(2001) - 1000);
            case 1:
                return Long.toString(random.nextLong() >> random.nextInt(64));
            case 2: {
                long m = random.nextLong() % 10_000_000L;
                int scale = random.nextInt(8);
                return BigDecimal.valueOf(m, scale).toPlainString();
            }
            case 3:
                return TRICKY_NUMBERS.get(random.nextInt(TRICKY_NUMBERS.size()));
            case 4:
                return Double.toString(finiteFromBits()); // Java's 17-digit form, e.g. 1.0E-5
            case 5:
                return new BigDecimal(finiteFromBits()).toString(); // exact value: up to ~770 digits
            case 6:
                return halfway(random.nextInt(3) - 1);
            case 7:
                return longDigitString();
            case 8:
                return Double.toString(Double.longBitsToDouble(random.nextLong() & 0x800FFFFFFFFFFFFFL)); // subnormal
            case 9:
                return (random.nextBoolean() ? "-" : "") + (random.nextInt(9) + 1) + "e" + (random.nextInt(700) - 350);
            case 10:
                return Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            default: {
                double d = random.nextInt(1000) / 10.0 + random.nextInt(1000) / 100.0; // 0.1 + 0.2 style sums
                return Double.toString(d);
            }
        }
    }

    /** Exactly halfway between two adjacent doubles (direction 0), or a hair below (-1) or above (+1). */
    public String halfway(int direction) {
        double d = Math.abs(finiteFromBits());
        if (d == Double.MAX_VALUE) {
            d = Math.nextDown(d);
        }
        BigDecimal mid = new BigDecimal(d).add(new BigDecimal(Math.nextUp(d))).divide(BigDecimal.valueOf(2));
        String plain = mid.toString();
        if (direction == 0) {
            return plain;
        }
        BigDecimal nudge = mid.ulp().divide(BigDecimal.TEN.pow(25));
        return (direction > 0 ? mid.add(nudge) : mid.subtract(nudge)).toString();
    }

    private String longDigitString() {
        int len = 20 + random.nextInt(random.nextBoolean() ? 60 : 1200);
        StringBuilder sb = new StringBuilder();
        if (random.nextBoolean()) {
            sb.append('-');
        }
        sb.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < len; i++) {
            sb.append((char) ('0' + (random.nextInt(4) == 0 ? 0 : random.nextInt(10))));
        }
        if (random.nextBoolean()) {
            sb.insert(sb.length() - random.nextInt(len - 1) - 1, '.');
        }
        if (random.nextBoolean()) {
            sb.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(900) - 450);
        }
        return sb.toString();
    }

    private double finiteFromBits() {
        double d;
        do {
            d = Double.longBitsToDouble(random.nextLong());
        } while (Double.isNaN(d) || Double.isInfinite(d));
        return d;
    }

    private String value(int depth) {
        int pick = random.nextInt(depth <= 0 ? 6 : 10);
        if (pick < 6) {
            return scalar();
        }
        return pick < 8 ? object(depth - 1) : array(depth - 1);
    }

    private String scalar() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> number();
            case 2, 3 -> string();
            case 4 -> random.nextBoolean() ? "true" : "false";
            default -> "null";
        };
    }

    private String object(int depth) {
        int n = random.nextInt(7);
        List<String> keys = new ArrayList<>();
        StringBuilder sb = new StringBuilder("{").append(ws());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',').append(ws());
            }
            String key = !keys.isEmpty() && random.nextInt(6) == 0 ? keys.get(random.nextInt(keys.size())) : key();
            keys.add(key);
            sb.append(key).append(ws()).append(':').append(ws()).append(value(depth)).append(ws());
        }
        return sb.append('}').toString();
    }

    private String array(int depth) {
        int n = random.nextInt(6);
        StringBuilder sb = new StringBuilder("[").append(ws());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',').append(ws());
            }
            sb.append(value(depth)).append(ws());
        }
        return sb.append(']').toString();
    }

    private String key() {
        StringBuilder sb = new StringBuilder("\"");
        int parts = 1 + random.nextInt(2);
        for (int i = 0; i < parts; i++) {
            sb.append(KEY_POOL[random.nextInt(KEY_POOL.length)]);
        }
        return sb.append('"').toString();
    }

    private String string() {
        StringBuilder sb = new StringBuilder("\"");
        int parts = random.nextInt(5);
        for (int i = 0; i < parts; i++) {
            if (rawLoneSurrogates && random.nextInt(15) == 0) {
                sb.append(random.nextBoolean() ? '\ud800' : '\udfff');
            } else if (random.nextInt(4) == 0) {
                sb.append((char) (0x20 + random.nextInt(0x5F))); // printable ASCII, quote and backslash excluded below
                if (sb.charAt(sb.length() - 1) == '"' || sb.charAt(sb.length() - 1) == '\\') {
                    sb.setCharAt(sb.length() - 1, 'q');
                }
            } else {
                sb.append(STRING_PIECES[random.nextInt(STRING_PIECES.length)]);
            }
        }
        return sb.append('"').toString();
    }

    private String ws() {
        return switch (random.nextInt(12)) {
            case 0 -> " ";
            case 1 -> "\n";
            case 2 -> "\t";
            case 3 -> "\r\n";
            case 4 -> "  \t ";
            default -> "";
        };
    }
}
