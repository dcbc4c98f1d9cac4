package com.partnerplatform.ygg.canonical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code JSON.parse} (ECMA-262 / ECMA-404) in Java, producing the value JavaScript would see.
 *
 * <p>Value model (what {@link #parse} returns and {@link JsStableStringify#stringify} accepts):
 * <ul>
 *   <li>object: {@code LinkedHashMap<String, Object>} in JavaScript's own-key order (array-index keys
 *       ascending, then the rest in first-insertion order); a duplicate key keeps its first position and takes
 *       the last value, as {@code JSON.parse} does;</li>
 *   <li>array: {@code ArrayList<Object>}; string: {@code String} (UTF-16, lone surrogates from <code>&#92;ud800</code>
 *       escapes kept); number: {@code Double} (correctly rounded, overflow to an infinity, {@code -0} kept);
 *       {@code true}/{@code false}: {@code Boolean}; {@code null}: Java {@code null}.</li>
 * </ul>
 * The grammar is exactly {@code JSON.parse}'s: whitespace is only tab, LF, CR and space (no BOM, no NBSP),
 * no comments, trailing commas, single quotes, leading zeros, {@code +}, {@code NaN}/{@code Infinity}, and
 * no raw control characters in strings. Recursion is bounded by {@link Limits#maxDepth()}, so hostile nesting
 * cannot overflow the stack. Instances are immutable and thread-safe.
 */
public final class JsJsonParser {

    /**
     * @param maxLength maximum input length: bytes for byte input, UTF-16 code units for String input
     * @param maxDepth  maximum nesting of arrays and objects ({@code [[1]]} has depth 2)
     */
    public record Limits(int maxLength, int maxDepth) {
        /**
         * 64 KiB and 64 levels: far above any YGG redeem body, far below a stack overflow. Work is linear in
         * the size; the costliest content (numbers needing BigInteger, such as 1e-300) costs about 3 us per
         * 7 bytes, so the size limit is also the time limit.
         */
        public static final Limits DEFAULT = new Limits(64 * 1024, 64);

        public Limits {
            if (maxLength < 1) {
                throw new IllegalArgumentException("maxLength must be positive");
            }
            if (maxDepth < 1 || maxDepth > 1000) {
                throw new IllegalArgumentException("maxDepth must be between 1 and 1000");
            }
        }
    }

    private static final JsJsonParser DEFAULT = new JsJsonParser(Limits.DEFAULT);

    private final Limits limits;

    public JsJsonParser(Limits limits) {
        if (limits == null) {
            throw new IllegalArgumentException("limits required");
        }
        this.limits = limits;
    }

    /** A parser with {@link Limits#DEFAULT}. */
    public static JsJsonParser withDefaultLimits() {
        return DEFAULT;
    }

    public Limits limits() {
        return limits;
    }

    /** {@code JSON.parse(text)}. Positions in errors are UTF-16 indexes. */
    public Object parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text required");
        }
        if (text.length() > limits.maxLength()) {
            throw new JsJsonException(JsJsonException.Kind.TOO_LARGE,
                    "input longer than " + limits.maxLength() + " characters", limits.maxLength(), false);
        }
        char[] chars = text.toCharArray();
        return new Run(chars, chars.length, limits.maxDepth(), false).parseDocument();
    }

    /** {@code JSON.parse} of a strictly decoded UTF-8 body. Positions in errors are byte offsets. */
    public Object parse(byte[] utf8) {
        if (utf8 == null) {
            throw new IllegalArgumentException("body required");
        }
        if (utf8.length > limits.maxLength()) {
            throw new JsJsonException(JsJsonException.Kind.TOO_LARGE,
                    "input longer than " + limits.maxLength() + " bytes", limits.maxLength(), true);
        }
        Utf8.Decoded decoded = Utf8.decodeStrict(utf8, 0, utf8.length);
        return new Run(decoded.chars(), decoded.length(), limits.maxDepth(), true).parseDocument();
    }

    /** One parse over one input; not shared between threads. */
    private static final class Run {
        private final char[] s;
        private final int n;
        private final int maxDepth;
        private final boolean byteInput;
        private int pos;
        private int depth;

        Run(char[] s, int n, int maxDepth, boolean byteInput) {
            this.s = s;
            this.n = n;
            this.maxDepth = maxDepth;
            this.byteInput = byteInput;
        }

        Object parseDocument() {
            skipWhitespace();
            if (pos >= n) {
                throw syntax(n == 0 ? "empty input" : "no value, only whitespace");
            }
            Object value = value();
            skipWhitespace();
            if (pos < n) {
                throw syntax("unexpected data after the JSON value");
            }
            return value;
        }

        private Object value() {
            if (pos >= n) {
                throw syntax("unexpected end of input, expected a value");
            }
            char c = s[pos];
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    literal("true");
                    return Boolean.TRUE;
                case 'f':
                    literal("false");
                    return Boolean.FALSE;
                case 'n':
                    literal("null");
                    return null;
                default:
                    if (c == '-' || c >= '0' && c <= '9') {
                        return number();
                    }
                    throw syntax("unexpected character, expected a value");
            }
        }

        private Map<String, Object> object() {
            enter();
            pos++;
            LinkedHashMap<String, Object> members = new LinkedHashMap<>();
            boolean arrayIndexKeys = false;
            skipWhitespace();
            if (pos < n && s[pos] == '}') {
                pos++;
                depth--;
                return members;
            }
            while (true) {
                if (pos >= n) {
                    throw syntax("unexpected end of input, expected a string key");
                }
                if (s[pos] != '"') {
                    throw syntax("expected a string key");
                }
                String key = string();
                skipWhitespace();
                if (pos >= n || s[pos] != ':') {
                    throw syntax("expected ':' after an object key");
                }
                pos++;
                skipWhitespace();
                members.put(key, value());
                arrayIndexKeys |= isArrayIndex(key);
                skipWhitespace();
                if (pos >= n) {
                    throw syntax("unexpected end of input, expected ',' or '}'");
                }
                char c = s[pos++];
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    pos--;
                    throw syntax("expected ',' or '}' after an object member");
                }
                skipWhitespace();
            }
            depth--;
            return arrayIndexKeys ? inJavaScriptKeyOrder(members) : members;
        }

        private List<Object> array() {
            enter();
            pos++;
            ArrayList<Object> elements = new ArrayList<>();
            skipWhitespace();
            if (pos < n && s[pos] == ']') {
                pos++;
                depth--;
                return elements;
            }
            while (true) {
                skipWhitespace();
                elements.add(value());
                skipWhitespace();
                if (pos >= n) {
                    throw syntax("unexpected end of input, expected ',' or ']'");
                }
                char c = s[pos++];
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    pos--;
                    throw syntax("expected ',' or ']' after an array element");
                }
            }
            depth--;
            return elements;
        }

        private void enter() {
            if (++depth > maxDepth) {
                throw new JsJsonException(JsJsonException.Kind.TOO_DEEP,
                        "nesting deeper than " + maxDepth + " levels", position(pos), byteInput);
            }
        }

        private String string() {
            int open = pos;
            int start = ++pos;
            while (pos < n) {
                char c = s[pos];
                if (c == '"') {
                    return new String(s, start, pos++ - start);
                }
                if (c == '\\' || c < 0x20) {
                    break;
                }
                pos++;
            }
            StringBuilder sb = new StringBuilder(pos - start + 16);
            sb.append(s, start, pos - start);
            while (true) {
                if (pos >= n) {
                    pos = open;
                    throw syntax("unterminated string");
                }
                char c = s[pos];
                if (c == '"') {
                    pos++;
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw syntax("control character in a string must be escaped");
                }
                if (c != '\\') {
                    sb.append(c);
                    pos++;
                    continue;
                }
                if (pos + 1 >= n) {
                    pos = open;
                    throw syntax("unterminated string");
                }
                char e = s[pos + 1];
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        int cu = 0;
                        for (int i = 0; i < 4; i++) {
                            int h = pos + 2 + i < n ? hexValue(s[pos + 2 + i]) : -1;
                            if (h < 0) {
                                throw syntax("\\u must be followed by four hex digits");
                            }
                            cu = cu << 4 | h;
                        }
                        sb.append((char) cu); // a lone surrogate stays a lone surrogate, as in JavaScript
                        pos += 4;
                    }
                    default -> throw syntax("invalid escape sequence");
                }
                pos += 2;
            }
        }

        private Double number() {
            int start = pos;
            int end = JsNumbers.jsonNumberEnd(s, start, n);
            if (end < 0) {
                throw syntax(numberProblem(start));
            }
            if (end < n && s[end] >= '0' && s[end] <= '9') {
                pos = end;
                throw syntax("leading zeros are not allowed"); // "01": the grammar stopped after "0"
            }
            pos = end;
            return JsNumbers.parseValidated(s, start, end);
        }

        /** Why no number could be read at start (only for the message). */
        private String numberProblem(int start) {
            int i = start;
            if (s[i] == '-') {
                i++;
                if (i >= n || s[i] < '0' || s[i] > '9') {
                    pos = i;
                    return "expected a digit after '-'";
                }
            }
            while (i < n && s[i] >= '0' && s[i] <= '9') {
                i++;
            }
            if (i < n && s[i] == '.') {
                i++;
                if (i >= n || s[i] < '0' || s[i] > '9') {
                    pos = i;
                    return "expected a digit after the decimal point";
                }
                while (i < n && s[i] >= '0' && s[i] <= '9') {
                    i++;
                }
            }
            pos = i + 1;
            if (pos < n && (s[pos] == '+' || s[pos] == '-')) {
                pos++;
            }
            return "expected a digit in the exponent";
        }

        private void literal(String word) {
            int len = word.length();
            for (int i = 0; i < len; i++) {
                if (pos + i >= n || s[pos + i] != word.charAt(i)) {
                    pos += i;
                    throw syntax("unexpected character, expected '" + word + "'");
                }
            }
            pos += len;
        }

        private void skipWhitespace() {
            while (pos < n) {
                char c = s[pos];
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private JsJsonException syntax(String reason) {
            return new JsJsonException(JsJsonException.Kind.SYNTAX, reason, position(Math.min(pos, n)), byteInput);
        }

        private long position(int index) {
            return byteInput ? Utf8.byteOffset(s, index) : index;
        }
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** ECMA-262 array index: canonical decimal of an integer in [0, 2^32 - 2]. */
    static boolean isArrayIndex(String key) {
        int len = key.length();
        if (len == 0 || len > 10) {
            return false;
        }
        char first = key.charAt(0);
        if (first < '0' || first > '9' || first == '0' && len > 1) {
            return false;
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 0xFFFF_FFFEL;
    }

    /** OrdinaryOwnPropertyKeys: array indexes ascending, then the other keys in creation order. */
    private static LinkedHashMap<String, Object> inJavaScriptKeyOrder(LinkedHashMap<String, Object> members) {
        String[] indexes = members.keySet().stream().filter(JsJsonParser::isArrayIndex).toArray(String[]::new);
        Arrays.sort(indexes, (a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        LinkedHashMap<String, Object> ordered = new LinkedHashMap<>(members.size() * 2);
        for (String key : indexes) {
            ordered.put(key, members.get(key));
        }
        for (Map.Entry<String, Object> e : members.entrySet()) {
            if (!isArrayIndex(e.getKey())) {
                ordered.put(e.getKey(), e.getValue());
            }
        }
        return ordered;
    }
}
