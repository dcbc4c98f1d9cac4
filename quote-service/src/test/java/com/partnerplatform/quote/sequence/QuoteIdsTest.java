package com.partnerplatform.quote.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class QuoteIdsTest {

    @Test
    void aQuoteIdHasThePrefixTheUtcIssueDateAndTheZeroPaddedSequence() {
        QuoteIds ids = new QuoteIds("QT-PARTNER");
        // 23:59:59 UTC is still the 11th, whatever the machine's zone
        assertThat(ids.quoteId(123, Instant.parse("2026-05-11T23:59:59Z"))).isEqualTo("QT-PARTNER-2026-05-11-0000000123");
        assertThat(ids.quoteId(12345678901L, Instant.parse("2026-05-12T00:00:00Z"))).isEqualTo("QT-PARTNER-2026-05-12-12345678901");
        assertThat(QuoteIds.FORMAT.matcher("QT-PARTNER-2026-05-11-0000000123").matches()).isTrue();
    }

    @Test
    void ulidsEncodeTimeAndRandomnessInCrockfordBase32() {
        // the ULID spec's example: time 1469918176385 with all-zero randomness
        assertThat(Ulid.encode(1469918176385L, new byte[10])).isEqualTo("01ARYZ6S410000000000000000");
        byte[] ones = new byte[10];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertThat(Ulid.encode(0, ones)).isEqualTo("0000000000ZZZZZZZZZZZZZZZZ");
        Set<String> seen = new HashSet<>();
        Instant now = Instant.now();
        for (int i = 0; i < 10_000; i++) {
            String ulid = Ulid.next(now);
            assertThat(ulid).matches("[0-9A-HJKMNP-TV-Z]{26}");
            assertThat(seen.add(ulid)).isTrue();
        }
    }
}
