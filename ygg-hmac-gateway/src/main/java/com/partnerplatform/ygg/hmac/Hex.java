package com.partnerplatform.ygg.hmac;

/** Lowercase hex out; constant-time, case-insensitive hex in. */
final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    static String lower(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[bytes[i] >> 4 & 0xF];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * Decodes {@code hex} (whose length the caller has checked to be {@code 2 * out.length}) into {@code out}
     * and returns 1 if every character was a hex digit, else 0. No branch or table lookup depends on the
     * characters, so the time taken says nothing about where a bad digit is.
     */
    static int decodeConstantTime(CharSequence hex, byte[] out) {
        int valid = 1;
        for (int i = 0; i < out.length; i++) {
            int hi = nibble(hex.charAt(2 * i));
            int lo = nibble(hex.charAt(2 * i + 1));
            valid &= (hi | lo) >>> 31 ^ 1;
            out[i] = (byte) (hi << 4 | lo & 0xF);
        }
        return valid;
    }

    /** 0..15 for a hex digit of either case, else a negative number; branch-free. */
    private static int nibble(int c) {
        int digit = c - '0';
        int isDigit = ((digit | 9 - digit) >>> 31) ^ 1;
        int letter = (c | 0x20) - 'a'; // folds A-F onto a-f; nothing else lands in a-f
        int isLetter = ((letter | 5 - letter) >>> 31) ^ 1;
        int value = digit & -isDigit | (letter + 10) & -isLetter;
        int valid = isDigit | isLetter;
        return value | (valid - 1); // valid - 1 is 0 or -1
    }
}
