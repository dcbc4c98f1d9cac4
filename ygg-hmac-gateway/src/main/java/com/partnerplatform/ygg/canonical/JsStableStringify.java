package com.partnerplatform.ygg.canonical;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The npm package {@code json-stable-stringify} 1.x with default options, which the YGG Redeem spec calls
 * {@code stringify}, applied to values as {@link JsJsonParser} (i.e. {@code JSON.parse}) produces them.
 *
 * <p>What the package does with such values, and what this class therefore does:
 * <ul>
 *   <li>object keys sorted with JavaScript's default sort, i.e. by UTF-16 code units ({@link String#compareTo});
 *       no whitespace anywhere;</li>
 *   <li>scalars and keys through native {@code JSON.stringify}: strings escape {@code \" \\ \b \f \n \r \t},
 *       other code units below U+0020 and lone surrogates as lowercase <code>&#92;u00xx</code>/<code>&#92;udxxx</code>
 *       (well-formed JSON.stringify, ES2019), everything else literal; numbers as {@code Number::toString}
 *       with NaN and infinities (from overflowing literals such as {@code 1e400}) as {@code null};</li>
 *   <li>the package's {@code toJSON}, {@code undefined}/function skipping, replacer and cycle handling cannot be
 *       reached from {@code JSON.parse} output (a {@code "toJSON"} member is never a function), so they have
 *       no counterpart here; {@code __proto__} is an ordinary own key after {@code JSON.parse} and sorts like
 *       any other.</li>
 * </ul>
 * Also accepted, for building response bodies in Java: {@code Integer}, {@code Long} (exactly representable
 * as a double), {@code Float}, any {@code Map} with {@code String} keys and any {@code List}.
 */
public final class JsStableStringify {

    /** Bounds recursion for caller-built values (parser output is already bounded); also catches cycles. */
    private static final int MAX_DEPTH = 1000;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsStableStringify() {
    }

    /** {@code stringify(value)}. */
    public static String stringify(Object value) {
        StringBuilder out = new StringBuilder(128);
        write(out, value, 0);
        return out.toString();
    }

    /** {@code stringify(s)} for a JavaScript string: {@code stringifyString("")} is the two characters {@code ""}. */
    public static String stringifyString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        quote(out, s);
        return out.toString();
    }

    /** {@code stringify(JSON.parse(json))} with {@link JsJsonParser.Limits#DEFAULT}. */
    public static String canonicalize(String json) {
        return stringify(JsJsonParser.withDefaultLimits().parse(json));
    }

    /** {@code stringify(JSON.parse(body))} for a UTF-8 body, with the parser's limits. */
    public static String canonicalize(byte[] utf8Body, JsJsonParser parser) {
        return stringify(parser.parse(utf8Body));
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Double d) {
            JsNumbers.appendJson(out, d);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Map<?, ?> map) {
            writeObject(out, map, depth + 1);
        } else if (value instanceof List<?> list) {
            writeArray(out, list, depth + 1);
        } else if (value instanceof Integer || value instanceof Float) {
            JsNumbers.appendJson(out, ((Number) value).doubleValue());
        } else if (value instanceof Long l) {
            double d = l;
            if ((long) d != l || l == Long.MAX_VALUE) {
                throw new IllegalArgumentException("Long value not exactly representable as a JavaScript number");
            }
            JsNumbers.appendJson(out, d);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void writeObject(StringBuilder out, Map<?, ?> map, int depth) {
        checkDepth(depth);
        String[] keys = new String[map.size()];
        int i = 0;
        for (Object key : map.keySet()) {
            if (!(key instanceof String k)) {
                throw new IllegalArgumentException("object keys must be strings");
            }
            keys[i++] = k;
        }
        Arrays.sort(keys); // UTF-16 code unit order, like Array.prototype.sort on strings
        out.append('{');
        for (i = 0; i < keys.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(out, keys[i]);
            out.append(':');
            write(out, map.get(keys[i]), depth);
        }
        out.append('}');
    }

    private static void writeArray(StringBuilder out, List<?> list, int depth) {
        checkDepth(depth);
        out.append('[');
        int i = 0;
        for (Object element : list) {
            if (i++ > 0) {
                out.append(',');
            }
            write(out, element, depth);
        }
        out.append(']');
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " levels, or cyclic");
        }
    }

    /** JSON.stringify's QuoteJSONString (ES2019 well-formed). */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        int len = s.length();
        int run = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a pair is a character and goes out literally
                continue;
            }
            out.append(s, run, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u")
                        .append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                        .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
            }
            run = i + 1;
        }
        out.append(s, run, len).append('"');
    }
}
