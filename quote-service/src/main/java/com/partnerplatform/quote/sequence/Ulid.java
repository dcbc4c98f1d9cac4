package com.partnerplatform.quote.sequence;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * ULID (26 Crockford base32 characters: 48-bit millisecond time, 80 random bits), the jti format of
 * the quote spec's example ({@code 01HX9F2J7K3M5N7P9Q1R3T5V88}). Sortable by issue time and
 * globally unique without coordination.
 */
public final class Ulid {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ulid() {
    }

    public static String next(Instant at) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        return encode(at.toEpochMilli(), random);
    }

    static String encode(long millis, byte[] random) {
        if (millis < 0 || millis >= (1L << 48) || random.length != 10) {
            throw new IllegalArgumentException("ULID needs a 48-bit time and 80 random bits");
        }
        char[] out = new char[26];
        long time = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits as 16 characters of 5 bits, most significant first
        long hi = ((random[0] & 0xFFL) << 32) | ((random[1] & 0xFFL) << 24) | ((random[2] & 0xFFL) << 16)
                | ((random[3] & 0xFFL) << 8) | (random[4] & 0xFFL);
        long lo = ((random[5] & 0xFFL) << 32) | ((random[6] & 0xFFL) << 24) | ((random[7] & 0xFFL) << 16)
                | ((random[8] & 0xFFL) << 8) | (random[9] & 0xFFL);
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }
}
