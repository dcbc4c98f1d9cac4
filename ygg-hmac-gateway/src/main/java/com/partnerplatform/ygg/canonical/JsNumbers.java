package com.partnerplatform.ygg.canonical;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript number semantics: {@code Number::toString(10)} for output and {@code JSON.parse}'s correctly
 * rounded decimal-to-double conversion for input.
 *
 * <p>Java 17's {@link Double#toString(double)} does not print the shortest round-trip digits (JDK-4511638) and
 * uses a different layout, so it cannot be used for a signature payload. Output here is exact for every double:
 * <ul>
 *   <li>integers below 2<sup>53</sup> and short decimals take a fast path whose result is provably the unique
 *       shortest candidate (see {@link #decimalOf});</li>
 *   <li>every other value goes through a Schubfach-style selection (Giulietti, "The Schubfach way to render
 *       doubles") whose scaled interval bounds are computed <em>exactly</em> (128-bit integer arithmetic, or
 *       {@link BigInteger} for extreme exponents) instead of with a precomputed table, so correctness does not
 *       rest on a table proof;</li>
 *   <li>the four smallest subnormals, where a one-digit answer competes across two decimal precisions, were
 *       resolved once by the definition itself ({@link #shortestByDefinition}).</li>
 * </ul>
 * Among the shortest decimals that round-trip, the one closest to the exact value is chosen, ties to even,
 * as V8 does (ECMA-262 Number::toString, note 2).
 *
 * <p>Input is correctly rounded without {@link Double#parseDouble} (whose grammar differs from JSON's):
 * Clinger's fast path for up to 2^53 times a small power of ten, exact 128-bit arithmetic for up to 19
 * digits times 10^&plusmn;27, and exact {@link BigInteger} arithmetic for everything else, with the digit
 * count and exponent bounded so that hostile literals stay cheap.
 */
public final class JsNumbers {

    private static final long T_MASK = (1L << 52) - 1;
    private static final long C_MIN = 1L << 52;
    private static final double TWO_POW_53 = 9007199254740992.0;
    private static final double TWO_POW_50 = 1125899906842624.0;
    private static final int MAX_FAST_FRACTION_DIGITS = 22;

    /** Every power of ten a double holds exactly. */
    private static final double[] DOUBLE_POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    private static final long[] LONG_POW10 = new long[19];
    /** 5^0..5^27: the largest powers of five below 2^63. */
    private static final int MAX_POW5_EXPONENT = 27;
    private static final long[] POW5 = new long[MAX_POW5_EXPONENT + 1];
    private static final int BIG_POW10_CACHED = 400;
    private static final BigInteger[] BIG_POW10 = new BigInteger[BIG_POW10_CACHED];

    static {
        long p = 1;
        for (int i = 0; i < LONG_POW10.length; i++) {
            LONG_POW10[i] = p;
            p *= 10;
        }
        POW5[0] = 1;
        for (int i = 1; i < POW5.length; i++) {
            POW5[i] = POW5[i - 1] * 5;
        }
        BigInteger b = BigInteger.ONE;
        for (int i = 0; i < BIG_POW10_CACHED; i++) {
            BIG_POW10[i] = b;
            b = b.multiply(BigInteger.TEN);
        }
    }

    /*
     * Decimal significands with up to 800 digits decide the rounding of any decimal: halfway points between
     * adjacent doubles have at most 767 significant digits, so a longer input may be cut to 800 digits plus a
     * non-zero "sticky" digit without moving it across a halfway point. This also bounds the BigInteger work
     * an attacker can cause with a megabyte of digits.
     */
    private static final int MAX_SIGNIFICANT_DIGITS = 800;
    /** Decimal exponents beyond this are saturated; the value is then 0 or Infinity anyway. */
    private static final long EXPONENT_SATURATION = 1_000_000_000L;

    /**
     * Shortest decimals of c * 2^-1074 for c = 1..4, the only doubles whose scaled value is below 20 (see
     * {@link #shortest}). Computed by the slow definition once so that a body full of {@code 5e-324} costs no
     * more than any other.
     */
    private static final Decimal[] TINY_SUBNORMALS = new Decimal[5];

    static {
        for (int c = 1; c < TINY_SUBNORMALS.length; c++) {
            TINY_SUBNORMALS[c] = shortestByDefinition(Double.longBitsToDouble(c));
        }
    }

    private JsNumbers() {
    }

    // ------------------------------------------------------------------------------------------------ output

    /** {@code String(v)} in JavaScript: {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, {@code "0"} for -0. */
    public static String toJsString(double v) {
        StringBuilder sb = new StringBuilder(24);
        appendJs(sb, v);
        return sb.toString();
    }

    /** {@code JSON.stringify(v)} for a number: like {@link #toJsString} but {@code "null"} for NaN and infinities. */
    public static String toJsonString(double v) {
        StringBuilder sb = new StringBuilder(24);
        appendJson(sb, v);
        return sb.toString();
    }

    static void appendJson(StringBuilder out, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            out.append("null");
        } else {
            appendJs(out, v);
        }
    }

    static void appendJs(StringBuilder out, double v) {
        if (v != v) {
            out.append("NaN");
            return;
        }
        if (v == 0) {
            out.append('0');
            return;
        }
        if (v < 0) {
            out.append('-');
            v = -v;
        }
        if (v == Double.POSITIVE_INFINITY) {
            out.append("Infinity");
            return;
        }
        if (v < TWO_POW_53) {
            long asLong = (long) v;
            if (asLong == v) {
                // Integers below 2^53 are their own shortest representation and print without exponent.
                out.append(asLong);
                return;
            }
        }
        Decimal d = decimalOf(v);
        appendDecimal(out, d.significand(), d.exponent());
    }

    /** The decimal {@code Number::toString} prints for a positive finite double. */
    static Decimal decimalOf(double v) {
        if (v < TWO_POW_53) {
            long asLong = (long) v;
            if (asLong == v) {
                return Decimal.of(asLong, 0);
            }
            Decimal shortDecimal = shortDecimal(v);
            if (shortDecimal != null) {
                return shortDecimal;
            }
        }
        return shortest(Double.doubleToRawLongBits(v));
    }

    /** significand * 10^exponent, the significand without trailing zeros. */
    record Decimal(long significand, int exponent) {
        static Decimal of(long significand, int exponent) {
            while (significand % 10 == 0) {
                significand /= 10;
                exponent++;
            }
            return new Decimal(significand, exponent);
        }
    }

    /**
     * Fast path for decimals with few fraction digits (0.1, 12.75, 1e-7). For the smallest j with
     * rint(v*10^j)/10^j == v the decimal m*10^-j round-trips (Clinger: m and 10^j are exact doubles, so the
     * division is correctly rounded). Because m < 2^50, the rounding interval of v is at most 1/4 unit of
     * 10^-j wide, so m is the only candidate at that precision, and no shorter decimal exists or a smaller j
     * would have matched. Subnormals never match (v*10^22 rounds to 0).
     */
    private static Decimal shortDecimal(double v) {
        for (int j = 1; j <= MAX_FAST_FRACTION_DIGITS; j++) {
            double scaled = v * DOUBLE_POW10[j];
            if (scaled >= TWO_POW_50) {
                return null;
            }
            double m = Math.rint(scaled);
            if (m / DOUBLE_POW10[j] == v) {
                return Decimal.of((long) m, -j);
            }
        }
        return null;
    }

    /** Shortest round-tripping decimal closest to a positive finite double given by its bits. */
    static Decimal shortest(long bits) {
        int biasedExponent = (int) (bits >>> 52) & 0x7FF;
        long t = bits & T_MASK;
        long c;
        int q;
        if (biasedExponent != 0) {
            c = C_MIN | t;
            q = biasedExponent - 1075;
        } else {
            c = t;
            q = -1074;
        }
        // The predecessor of 2^e is 2^(e-53) below it, not 2^(e-52): the interval is asymmetric, except at the
        // smallest normal exponent, whose predecessor is the largest subnormal with the same spacing.
        boolean asymmetric = t == 0 && biasedExponent > 1;
        int k = asymmetric ? floorLog10ThreeQuartersPow2(q) : floorLog10Pow2(q);
        // Interval bounds in units of 2^(q-2): 4c, 4c-2 (or 4c-1), 4c+2. Scaled by 10^-k, the interval is at
        // least 1 and less than 10 wide, so it holds at least one integer and at most one multiple of ten.
        long cb = c << 2;
        long cbl = asymmetric ? cb - 1 : cb - 2;
        long cbr = cb + 2;
        // Interval ends belong to the interval exactly when c is even (round-half-even reads them back as c).
        int out = (int) c & 1;
        long vb = scaleRoundToOdd(cb, q, k);
        long vbl = scaleRoundToOdd(cbl, q, k);
        long vbr = scaleRoundToOdd(cbr, q, k);
        long s = vb >> 2;
        if (s < 20) {
            // Only the subnormals 1..4 * 2^-1074: a one-digit s competes with 1 * 10^(k+1), so they were
            // resolved by the definition once, at class initialisation.
            return c < TINY_SUBNORMALS.length ? TINY_SUBNORMALS[(int) c]
                    : shortestByDefinition(Double.longBitsToDouble(bits));
        }
        // Round-to-odd values compare with multiples of 4 exactly as the real values would.
        long sp10 = s / 10 * 10;
        long tp10 = sp10 + 10;
        boolean sp10In = vbl + out <= sp10 << 2;
        boolean tp10In = (tp10 << 2) + out <= vbr;
        if (sp10In != tp10In) {
            return Decimal.of(sp10In ? sp10 : tp10, k);
        }
        long tt = s + 1;
        boolean sIn = vbl + out <= s << 2;
        boolean tIn = (tt << 2) + out <= vbr;
        if (sIn != tIn) {
            return Decimal.of(sIn ? s : tt, k);
        }
        // Both in: the closest to v wins, ties to even.
        long cmp = vb - ((s + tt) << 1);
        return Decimal.of(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : tt, k);
    }

    /**
     * {@code cp * 2^q * 10^-k} rounded to odd: the floor when that is exact, else the floor with its lowest bit
     * set. Comparing such a value with an even integer gives the same answer as comparing the exact product.
     */
    static long scaleRoundToOdd(long cp, int q, int k) {
        if (q < 0) {
            // 2^q < 1 implies k < 0: cp * 10^-k / 2^-q
            int shift = -q;
            int tenExp = -k;
            if (tenExp < LONG_POW10.length && shift < 128) {
                long p = LONG_POW10[tenExp];
                long hi = Math.multiplyHigh(cp, p);
                long lo = cp * p;
                long floor;
                long rest;
                if (shift < 64) {
                    floor = hi << (64 - shift) | lo >>> shift;
                    rest = lo << (64 - shift);
                } else if (shift == 64) {
                    floor = hi;
                    rest = lo;
                } else {
                    floor = hi >>> (shift - 64);
                    rest = hi << (128 - shift) | lo;
                }
                return floor | (rest != 0 ? 1 : 0);
            }
            BigInteger product = BigInteger.valueOf(cp).multiply(pow10(tenExp));
            long floor = product.shiftRight(shift).longValueExact();
            return floor | (product.getLowestSetBit() < shift ? 1 : 0);
        }
        if (k <= 0) {
            // q <= 3, or q == 0 with the asymmetric k == -1: exact in a long (cp < 2^55).
            long v = cp << q;
            return k == 0 ? v : v * 10;
        }
        if (q <= 7) {
            long v = cp << q; // below 2^62
            long p = LONG_POW10[k];
            return v / p | (v % p != 0 ? 1 : 0);
        }
        BigInteger[] qr = BigInteger.valueOf(cp).shiftLeft(q).divideAndRemainder(pow10(k));
        return qr[0].longValueExact() | (qr[1].signum() != 0 ? 1 : 0);
    }

    /** floor(log10(2^q)) for |q| well beyond the double range. */
    static int floorLog10Pow2(int q) {
        return (int) (q * 661_971_961_083L >> 41);
    }

    /** floor(log10(3/4 * 2^q)). */
    static int floorLog10ThreeQuartersPow2(int q) {
        return (int) (q * 661_971_961_083L - 274_743_187_321L >> 41);
    }

    /**
     * The ECMA-262 definition, evaluated literally with exact decimals: the fewest significant digits p whose
     * p-digit roundings of v (down or up) lie in v's rounding interval; of those, the closest, ties to even.
     * Slow; used for tiny subnormals and as a reference in tests.
     */
    static Decimal shortestByDefinition(double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("positive finite double required");
        }
        long bits = Double.doubleToRawLongBits(v);
        int biasedExponent = (int) (bits >>> 52) & 0x7FF;
        long t = bits & T_MASK;
        long c = biasedExponent != 0 ? C_MIN | t : t;
        int q = biasedExponent != 0 ? biasedExponent - 1075 : -1074;
        boolean asymmetric = t == 0 && biasedExponent > 1;
        BigDecimal exact = new BigDecimal(v);
        // 2^q exactly; for q < 0 that is 5^-q * 10^q.
        BigDecimal ulp = q >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(q))
                : new BigDecimal(BigInteger.valueOf(5).pow(-q), -q);
        BigDecimal half = ulp.divide(BigDecimal.valueOf(2));
        BigDecimal low = exact.subtract(asymmetric ? half.divide(BigDecimal.valueOf(2)) : half);
        BigDecimal high = exact.add(half);
        boolean inclusive = (c & 1) == 0;
        for (int p = 1; p <= 17; p++) {
            BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
            boolean downIn = within(down, low, high, inclusive);
            boolean upIn = within(up, low, high, inclusive);
            BigDecimal chosen;
            if (downIn && upIn) {
                int cmp = exact.subtract(down).compareTo(up.subtract(exact));
                chosen = cmp < 0 || cmp == 0 && !down.unscaledValue().testBit(0) ? down : up;
            } else if (downIn) {
                chosen = down;
            } else if (upIn) {
                chosen = up;
            } else {
                continue;
            }
            BigDecimal stripped = chosen.stripTrailingZeros();
            return Decimal.of(stripped.unscaledValue().longValueExact(), -stripped.scale());
        }
        throw new AssertionError("17 digits always round-trip");
    }

    private static boolean within(BigDecimal d, BigDecimal low, BigDecimal high, boolean inclusive) {
        int lo = d.compareTo(low);
        int hi = d.compareTo(high);
        return inclusive ? lo >= 0 && hi <= 0 : lo > 0 && hi < 0;
    }

    /** Number::toString layout for significand s (no trailing zeros) times 10^e. */
    private static void appendDecimal(StringBuilder out, long s, int e) {
        while (s % 10 == 0) {
            s /= 10;
            e++;
        }
        int len = digitCount(s);
        int n = len + e;
        if (e >= 0 && n <= 21) {
            out.append(s);
            for (int i = 0; i < e; i++) {
                out.append('0');
            }
        } else if (0 < n && n <= 21) {
            String digits = Long.toString(s);
            out.append(digits, 0, n).append('.').append(digits, n, len);
        } else if (-6 < n && n <= 0) {
            out.append("0.");
            for (int i = 0; i < -n; i++) {
                out.append('0');
            }
            out.append(s);
        } else {
            String digits = Long.toString(s);
            out.append(digits.charAt(0));
            if (len > 1) {
                out.append('.').append(digits, 1, len);
            }
            int exp = n - 1;
            out.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
        }
    }

    private static int digitCount(long s) {
        int n = 1;
        while (n < LONG_POW10.length && s >= LONG_POW10[n]) {
            n++;
        }
        return n;
    }

    private static BigInteger pow10(int n) {
        return n < BIG_POW10_CACHED ? BIG_POW10[n] : BigInteger.TEN.pow(n);
    }

    // ------------------------------------------------------------------------------------------------- input

    /**
     * Parses a complete JSON number token ({@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}) the way
     * {@code JSON.parse} does: correctly rounded to the nearest double, ties to even; overflow gives an
     * infinity, underflow a (signed) zero, {@code "-0"} gives -0.0.
     *
     * @throws NumberFormatException if the text is not exactly one JSON number (no surrounding whitespace, no
     *                               {@code +}, no leading zeros, no {@code Infinity}, hex or type suffixes)
     */
    public static double parseJsonNumber(CharSequence text) {
        int end = text.length();
        char[] chars = new char[end];
        for (int i = 0; i < end; i++) {
            chars[i] = text.charAt(i);
        }
        if (jsonNumberEnd(chars, 0, end) != end) {
            throw new NumberFormatException("not a JSON number");
        }
        return parseValidated(chars, 0, end);
    }

    /** End of the JSON number starting at {@code start}, or -1 when none starts there (grammar only). */
    static int jsonNumberEnd(char[] s, int start, int end) {
        int i = start;
        if (i < end && s[i] == '-') {
            i++;
        }
        if (i >= end || !isDigit(s[i])) {
            return -1;
        }
        if (s[i] == '0') {
            i++;
        } else {
            while (i < end && isDigit(s[i])) {
                i++;
            }
        }
        if (i < end && s[i] == '.') {
            i++;
            if (i >= end || !isDigit(s[i])) {
                return -1;
            }
            while (i < end && isDigit(s[i])) {
                i++;
            }
        }
        if (i < end && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            if (i < end && (s[i] == '+' || s[i] == '-')) {
                i++;
            }
            if (i >= end || !isDigit(s[i])) {
                return -1;
            }
            while (i < end && isDigit(s[i])) {
                i++;
            }
        }
        return i;
    }

    /** Converts a JSON number token whose grammar the caller has already checked. */
    static double parseValidated(char[] s, int start, int end) {
        int i = start;
        boolean negative = s[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        long significantDigits = 0;
        long fractionDigits = 0;
        boolean inFraction = false;
        int firstSignificant = -1;
        for (; i < end; i++) {
            char ch = s[i];
            if (ch == '.') {
                inFraction = true;
                continue;
            }
            if (ch == 'e' || ch == 'E') {
                break;
            }
            int d = ch - '0';
            if (inFraction) {
                fractionDigits++;
            }
            if (significantDigits == 0 && d == 0) {
                continue;
            }
            if (significantDigits == 0) {
                firstSignificant = i;
            }
            if (significantDigits < 19) {
                mantissa = mantissa * 10 + d;
            }
            significantDigits++;
        }
        int digitsEnd = i;
        long exponent = 0;
        if (i < end) {
            i++;
            boolean expNegative = false;
            if (s[i] == '+' || s[i] == '-') {
                expNegative = s[i] == '-';
                i++;
            }
            for (; i < end; i++) {
                if (exponent < EXPONENT_SATURATION) {
                    exponent = exponent * 10 + (s[i] - '0');
                }
            }
            if (expNegative) {
                exponent = -exponent;
            }
        }
        if (significantDigits == 0) {
            return negative ? -0.0 : 0.0;
        }
        double magnitude;
        long tenExponent = exponent - fractionDigits;
        if (significantDigits <= 19) {
            // Nineteen digits can exceed Long.MAX_VALUE: the mantissa then wrapped negative and the digit string
            // is used instead.
            magnitude = fastPath(mantissa, tenExponent);
            if (Double.isNaN(magnitude) && mantissa > 0 && Math.abs(tenExponent) <= MAX_POW5_EXPONENT) {
                magnitude = exact128(mantissa, (int) tenExponent);
            }
            if (Double.isNaN(magnitude)) {
                magnitude = slowPath(mantissa, s, firstSignificant, digitsEnd, significantDigits, tenExponent);
            }
        } else {
            magnitude = slowPath(-1, s, firstSignificant, digitsEnd, significantDigits, tenExponent);
        }
        return negative ? -magnitude : magnitude;
    }

    /** Clinger's fast path: exact mantissa and power of ten, one correctly rounded operation. NaN if not applicable. */
    private static double fastPath(long mantissa, long tenExponent) {
        if (mantissa < 0 || mantissa > (1L << 53)) {
            return Double.NaN;
        }
        if (tenExponent >= -22 && tenExponent <= 22) {
            return tenExponent >= 0 ? mantissa * DOUBLE_POW10[(int) tenExponent]
                    : mantissa / DOUBLE_POW10[(int) -tenExponent];
        }
        if (tenExponent > 22 && tenExponent <= 22 + 15) {
            long extra = LONG_POW10[(int) tenExponent - 22];
            if (mantissa <= (1L << 53) / extra) {
                return (mantissa * extra) * DOUBLE_POW10[22];
            }
        }
        return Double.NaN;
    }

    /**
     * m * 10^e correctly rounded, for 0 < m < 2^63 and |e| <= 27, in 128-bit integer arithmetic: 10^e is
     * 5^e * 2^e and 5^27 still fits a long, so the value is an exact 128-bit product, or a quotient whose
     * remainder is known exactly. Covers the 16..19-digit numbers (0.30000000000000004) the fast path cannot.
     */
    static double exact128(long m, int e) {
        if (e >= 0) {
            long p = POW5[e];
            return roundToDouble(Math.multiplyHigh(m, p), m * p, false, e);
        }
        int k = -e;
        long d = POW5[k];
        // Shift so the quotient has 55 or 56 bits: 53 for the significand, a rounding bit, and one to spare.
        int shift = Math.max(0, 55 - (64 - Long.numberOfLeadingZeros(m)) + (64 - Long.numberOfLeadingZeros(d)));
        long hi = shift == 0 ? 0 : shift >= 64 ? m << (shift - 64) : m >>> (64 - shift);
        long lo = shift >= 64 ? 0 : m << shift;
        long[] remainder = new long[1];
        long q = divideUnsigned128(hi, lo, d, remainder);
        return roundToDouble(0, q, remainder[0] != 0, -shift - k);
    }

    /**
     * The double nearest to ((hi:lo) + a positive fraction below one if sticky) * 2^binaryExponent, ties to
     * even, for values in the normal range.
     */
    private static double roundToDouble(long hi, long lo, boolean sticky, int binaryExponent) {
        int bitLength = hi != 0 ? 128 - Long.numberOfLeadingZeros(hi) : 64 - Long.numberOfLeadingZeros(lo);
        int drop = bitLength - 53;
        long significand;
        if (drop <= 0) {
            significand = lo << -drop; // exact; only products (no remainder) get here
            binaryExponent += drop;
        } else {
            boolean roundBit;
            boolean below;
            if (drop < 64) {
                significand = lo >>> drop | hi << (64 - drop);
                roundBit = (lo >>> (drop - 1) & 1) != 0;
                below = drop > 1 && lo << (65 - drop) != 0;
            } else {
                significand = hi >>> (drop - 64);
                roundBit = drop == 64 ? lo < 0 : (hi >>> (drop - 65) & 1) != 0;
                below = drop == 64 ? (lo & Long.MAX_VALUE) != 0
                        : lo != 0 || drop > 65 && hi << (129 - drop) != 0;
            }
            if (roundBit && (below || sticky || (significand & 1) != 0)) {
                significand++;
                if (significand == 1L << 53) {
                    significand = 1L << 52;
                    drop++;
                }
            }
            binaryExponent += drop;
        }
        long biased = binaryExponent + 52 + 1023L;
        return Double.longBitsToDouble(biased << 52 | (significand & T_MASK));
    }

    /**
     * Unsigned (u1:u0) / v for u1 < v (Hacker's Delight, divlu): the quotient, with the remainder in
     * remainder[0].
     */
    private static long divideUnsigned128(long u1, long u0, long v, long[] remainder) {
        final long b = 1L << 32;
        int s = Long.numberOfLeadingZeros(v);
        v <<= s;
        long vn1 = v >>> 32;
        long vn0 = v & 0xFFFF_FFFFL;
        long un32 = u1 << s | (s == 0 ? 0 : u0 >>> (64 - s));
        long un10 = u0 << s;
        long un1 = un10 >>> 32;
        long un0 = un10 & 0xFFFF_FFFFL;
        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = un32 - q1 * vn1;
        while (Long.compareUnsigned(q1, b) >= 0 || Long.compareUnsigned(q1 * vn0, b * rhat + un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        long un21 = un32 * b + un1 - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, b) >= 0 || Long.compareUnsigned(q0 * vn0, b * rhat + un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        remainder[0] = (un21 * b + un0 - q0 * v) >>> s;
        return q1 * b + q0;
    }

    /**
     * Exact conversion. The value is N * 10^tenExponent where N is the digit string from firstSignificant (its
     * significantDigits non-leading-zero digits, with the decimal point skipped), or exactMantissa when that
     * is not negative (N has at most 19 digits).
     */
    private static double slowPath(long exactMantissa, char[] s, int firstSignificant, int digitsEnd,
            long significantDigits, long tenExponent) {
        // N has significantDigits digits, so 10^(L-1) <= value < 10^L.
        long magnitudeDigits = significantDigits + tenExponent;
        if (magnitudeDigits - 1 > 309) {
            return Double.POSITIVE_INFINITY;
        }
        if (magnitudeDigits < -324) {
            return 0.0;
        }
        if (exactMantissa >= 0) {
            return exactToDouble(BigInteger.valueOf(exactMantissa), (int) tenExponent);
        }
        int kept = (int) Math.min(significantDigits, MAX_SIGNIFICANT_DIGITS);
        char[] digits = new char[kept + 1];
        int n = 0;
        boolean stickyNonZero = false;
        for (int i = firstSignificant; i < digitsEnd; i++) {
            char ch = s[i];
            if (ch == '.') {
                continue;
            }
            if (n < kept) {
                digits[n++] = ch;
            } else if (ch != '0') {
                stickyNonZero = true;
                break;
            }
        }
        long e10 = tenExponent + (significantDigits - kept);
        if (stickyNonZero) {
            digits[n++] = '1';
            e10--;
        }
        BigInteger d = new BigInteger(new String(digits, 0, n));
        return exactToDouble(d, (int) e10);
    }

    /** The double nearest to d * 10^e10 (d > 0), ties to even, for values the range check let through. */
    static double exactToDouble(BigInteger d, int e10) {
        BigInteger num = e10 >= 0 ? d.multiply(pow10(e10)) : d;
        BigInteger den = e10 >= 0 ? BigInteger.ONE : pow10(-e10);
        // value * 2^shift should land in [2^52, 2^53); the bit-length estimate is off by at most one.
        int shift = 53 - (num.bitLength() - den.bitLength());
        BigInteger quotient;
        BigInteger remainder;
        BigInteger divisor;
        while (true) {
            if (shift > 1074) {
                shift = 1074; // subnormal or zero: the quantum is fixed at 2^-1074
            }
            BigInteger n2 = shift > 0 ? num.shiftLeft(shift) : num;
            divisor = shift < 0 ? den.shiftLeft(-shift) : den;
            BigInteger[] qr = n2.divideAndRemainder(divisor);
            quotient = qr[0];
            remainder = qr[1];
            int bits = quotient.bitLength();
            if (bits > 53) {
                shift -= bits - 53;
            } else if (bits < 53 && shift < 1074) {
                shift += 53 - bits;
            } else {
                break;
            }
        }
        long m = quotient.longValueExact();
        int cmp = remainder.shiftLeft(1).compareTo(divisor);
        if (cmp > 0 || cmp == 0 && (m & 1) == 1) {
            m++;
        }
        int binaryExponent = -shift;
        if (m == 1L << 53) {
            m = 1L << 52;
            binaryExponent++;
        }
        if (m == 0) {
            return 0.0;
        }
        if (m < C_MIN) {
            return Double.longBitsToDouble(m); // subnormal: binaryExponent is -1074
        }
        long biased = binaryExponent + 1075L;
        if (biased >= 0x7FF) {
            return Double.POSITIVE_INFINITY;
        }
        return Double.longBitsToDouble(biased << 52 | (m & T_MASK));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
