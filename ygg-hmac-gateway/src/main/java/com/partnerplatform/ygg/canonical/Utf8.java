package com.partnerplatform.ygg.canonical;

/**
 * UTF-8 exactly as the two ends of a YGG signature see it.
 *
 * <p>Encoding follows Node.js ({@code Buffer.from(s, 'utf8')}, {@code hmac.update(s)}): a lone surrogate
 * becomes U+FFFD (EF BF BD). Java's {@code String.getBytes(UTF_8)} writes {@code '?'} instead, which would
 * change the signed bytes. Decoding is strict (RFC 3629): overlong forms, encoded surrogates, code points above
 * U+10FFFF and truncated sequences are errors rather than silently replaced characters.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** Node.js's UTF-8 encoding of a JavaScript string. */
    public static byte[] encode(CharSequence s) {
        int n = s.length();
        int size = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                size += 1;
            } else if (c < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                size += 4;
                i++;
            } else {
                size += 3; // BMP character, or a lone surrogate written as U+FFFD
            }
        }
        byte[] out = new byte[size];
        int o = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                out[o++] = (byte) (0xC0 | c >> 6);
                out[o++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    out[o++] = (byte) (0xF0 | cp >> 18);
                    out[o++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    out[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    out[o++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    out[o++] = (byte) 0xEF;
                    out[o++] = (byte) 0xBF;
                    out[o++] = (byte) 0xBD;
                }
            } else {
                out[o++] = (byte) (0xE0 | c >> 12);
                out[o++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[o++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return out;
    }

    /** Decoded characters plus their count (the array may be longer). */
    record Decoded(char[] chars, int length) {
    }

    /** Strict decode; the exception's position is the offset of the first byte of the bad sequence. */
    static Decoded decodeStrict(byte[] b, int off, int len) {
        char[] out = new char[len];
        int n = 0;
        int i = off;
        int end = off + len;
        while (i < end) {
            int b0 = b[i];
            if (b0 >= 0) {
                out[n++] = (char) b0;
                i++;
                continue;
            }
            b0 &= 0xFF;
            int start = i;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                int b1 = continuation(b, i + 1, end, 0x80, 0xBF, start, off);
                out[n++] = (char) ((b0 & 0x1F) << 6 | b1 & 0x3F);
                i += 2;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                int lo = b0 == 0xE0 ? 0xA0 : 0x80;
                int hi = b0 == 0xED ? 0x9F : 0xBF; // ED A0..BF would encode a surrogate
                int b1 = continuation(b, i + 1, end, lo, hi, start, off);
                int b2 = continuation(b, i + 2, end, 0x80, 0xBF, start, off);
                out[n++] = (char) ((b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | b2 & 0x3F);
                i += 3;
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                int lo = b0 == 0xF0 ? 0x90 : 0x80;
                int hi = b0 == 0xF4 ? 0x8F : 0xBF; // above U+10FFFF otherwise
                int b1 = continuation(b, i + 1, end, lo, hi, start, off);
                int b2 = continuation(b, i + 2, end, 0x80, 0xBF, start, off);
                int b3 = continuation(b, i + 3, end, 0x80, 0xBF, start, off);
                int cp = (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | b3 & 0x3F;
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                i += 4;
            } else {
                throw invalid(start - off, b0 >= 0x80 && b0 <= 0xBF ? "unexpected continuation byte"
                        : "byte that never occurs in UTF-8");
            }
        }
        return new Decoded(out, n);
    }

    private static int continuation(byte[] b, int i, int end, int lo, int hi, int start, int off) {
        if (i >= end) {
            throw invalid(start - off, "truncated multi-byte sequence");
        }
        int v = b[i] & 0xFF;
        if (v < lo || v > hi) {
            throw invalid(start - off, "overlong, surrogate, out-of-range or truncated sequence");
        }
        return v;
    }

    private static JsJsonException invalid(long position, String reason) {
        return new JsJsonException(JsJsonException.Kind.INVALID_UTF8, reason, position, true);
    }

    /** Bytes that chars[0, index) occupy in UTF-8 (the input was valid UTF-8, so surrogates come paired). */
    static long byteOffset(char[] chars, int index) {
        long bytes = 0;
        for (int i = 0; i < index; i++) {
            char c = chars[i];
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
