package com.partnerplatform.ygg.hmac;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A strictly validated UUIDv7 (RFC 9562), as carried in X-API-REQUEST.
 *
 * <p>Accepted text: exactly 36 characters, hex groups of 8-4-4-4-12 separated by hyphens, hex digits in
 * either case (RFC 9562 section 4: input is case-insensitive), version nibble 7 and variant bits 10.
 * {@link UUID#fromString} is not a validator: it takes "1-1-1-1-1", groups without leading zeros and any
 * version or variant, so it is only applied to text that passed this check.
 *
 * <p>{@link #text()} is the value as received, which is what YGG signed; {@link #canonicalText()} is its
 * lowercase form, the key for duplicate detection.
 */
public final class UuidV7 {

    public static final int TEXT_LENGTH = 36;
    private static final long MAX_UNIX_MILLIS = (1L << 48) - 1;

    private final String text;
    private final long mostSignificantBits;
    private final long leastSignificantBits;

    private UuidV7(String text, long mostSignificantBits, long leastSignificantBits) {
        this.text = text;
        this.mostSignificantBits = mostSignificantBits;
        this.leastSignificantBits = leastSignificantBits;
    }

    /** Validates and parses; throws {@link InvalidRequestIdException} naming the first problem found. */
    public static UuidV7 parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidRequestIdException("missing");
        }
        if (text.length() != TEXT_LENGTH) {
            throw new InvalidRequestIdException("must be 36 characters (8-4-4-4-12 hex digits)");
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < TEXT_LENGTH; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    throw new InvalidRequestIdException("hyphens must be at positions 9, 14, 19 and 24");
                }
                continue;
            }
            int v = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0) {
                throw new InvalidRequestIdException("contains a character that is not a hex digit");
            }
            if (i < 18) {
                msb = msb << 4 | v;
            } else {
                lsb = lsb << 4 | v;
            }
        }
        if ((msb >>> 12 & 0xF) != 7) {
            throw new InvalidRequestIdException("version must be 7");
        }
        if ((lsb >>> 62) != 0b10) {
            throw new InvalidRequestIdException("variant must be RFC 9562 (10xx)");
        }
        return new UuidV7(text, msb, lsb);
    }

    /** Whether {@link #parse} would accept the text. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidRequestIdException e) {
            return false;
        }
    }

    /**
     * A new UUIDv7 (RFC 9562 section 5.7): 48-bit Unix milliseconds from the clock, version 7, 12 random bits,
     * variant 10, 62 random bits.
     */
    public static UuidV7 generate(Clock clock, SecureRandom random) {
        long millis = clock.millis();
        if (millis < 0 || millis > MAX_UNIX_MILLIS) {
            throw new IllegalStateException("clock outside the UUIDv7 timestamp range");
        }
        long randA = random.nextInt(1 << 12);
        long randB = random.nextLong() >>> 2;
        long msb = millis << 16 | 0x7000L | randA;
        long lsb = 0x8000_0000_0000_0000L | randB;
        return new UuidV7(new UUID(msb, lsb).toString(), msb, lsb);
    }

    /** The text exactly as received (what the signature covers). */
    public String text() {
        return text;
    }

    /** Lowercase text: one value per UUID, for duplicate detection. */
    public String canonicalText() {
        return text.toLowerCase(Locale.ROOT);
    }

    public UUID uuid() {
        return new UUID(mostSignificantBits, leastSignificantBits);
    }

    /** The embedded timestamp, Unix epoch milliseconds. */
    public long unixMillis() {
        return mostSignificantBits >>> 16;
    }

    public Instant timestamp() {
        return Instant.ofEpochMilli(unixMillis());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UuidV7 other && other.mostSignificantBits == mostSignificantBits
                && other.leastSignificantBits == leastSignificantBits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(mostSignificantBits) * 31 + Long.hashCode(leastSignificantBits);
    }

    @Override
    public String toString() {
        return text;
    }
}
