package com.partnerplatform.ygg.hmac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class FreshnessWindowTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final FreshnessWindow window = new FreshnessWindow(Duration.ofMinutes(5), Duration.ofSeconds(30));

    private static UuidV7 issuedAt(Instant instant) {
        long ms = instant.toEpochMilli();
        return UuidV7.parse(String.format("%08x-%04x-7000-8000-000000000000", ms >>> 16, ms & 0xFFFF));
    }

    @Test
    void requestFromNowIsFresh() {
        assertThat(window.check(issuedAt(NOW), CLOCK)).isEqualTo(FreshnessWindow.Verdict.FRESH);
    }

    @Test
    void bothEdgesOfTheWindowAreInclusive() {
        assertThat(window.check(issuedAt(NOW.minus(Duration.ofMinutes(5))), CLOCK)).isEqualTo(FreshnessWindow.Verdict.FRESH);
        assertThat(window.check(issuedAt(NOW.plusSeconds(30)), CLOCK)).isEqualTo(FreshnessWindow.Verdict.FRESH);
    }

    @Test
    void olderThanMaxAgeIsTooOld() {
        assertThat(window.check(issuedAt(NOW.minus(Duration.ofMinutes(5)).minusMillis(1)), CLOCK))
                .isEqualTo(FreshnessWindow.Verdict.TOO_OLD);
    }

    @Test
    void furtherAheadThanTheAllowedSkewIsRejected() {
        assertThat(window.check(issuedAt(NOW.plusSeconds(30).plusMillis(1)), CLOCK))
                .isEqualTo(FreshnessWindow.Verdict.TOO_FAR_IN_FUTURE);
        assertThat(window.isFresh(issuedAt(NOW.plusSeconds(31)), CLOCK)).isFalse();
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThatThrownBy(() -> new FreshnessWindow(Duration.ofMinutes(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
