package com.partnerplatform.quote.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.pricing.FxRate;

class FxRateTableTest {

    private static final Instant NOW = Instant.parse("2026-05-11T14:30:12Z");
    private final FxRateTable table = new FxRateTable(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1));

    @Test
    void aLateRecordNeverReplacesAFresherRate() {
        assertThat(table.accept(new FxRate("EUR/MAD", "10.95", "feed", NOW.minusSeconds(10)))).isTrue();
        assertThat(table.accept(new FxRate("EUR/MAD", "10.10", "feed", NOW.minusSeconds(60)))).isFalse();
        assertThat(table.rate("EUR/MAD").orElseThrow().rate()).isEqualByComparingTo("10.95");
        assertThat(table.accept(new FxRate("EUR/MAD", "10.96", "feed", NOW))).isTrue();
        assertThat(table.rate("EUR/MAD").orElseThrow().rate()).isEqualByComparingTo("10.96");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e3", "-1.0", "0", "0.0000", "10,5", " 10.5", "+10.5", "10.", ".5", "010.5", "1.1234567890123"})
    void malformedRatesAreRefused(String rate) {
        assertThatThrownBy(() -> table.accept(new FxRate("EUR/MAD", rate, "feed", NOW)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
        assertThat(table.rate("EUR/MAD")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EURMAD", "eur/mad", "EUR/EUR", "EUR/XAU", "EUR/ABC", "EUR-MAD"})
    void malformedPairsAreRefused(String pair) {
        assertThatThrownBy(() -> table.accept(new FxRate(pair, "10.5", "feed", NOW)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pair");
    }

    @Test
    void aRateFromTheFutureBeyondTheAllowedSkewIsRefused() {
        assertThat(table.accept(new FxRate("EUR/MAD", "10.5", "feed", NOW.plusSeconds(60)))).isTrue();
        assertThatThrownBy(() -> table.accept(new FxRate("EUR/PHP", "64.1", "feed", NOW.plusSeconds(61))))
                .hasMessageContaining("future");
        assertThatThrownBy(() -> table.accept(new FxRate("EUR/PHP", "64.1", "feed", null))).hasMessageContaining("asOf");
    }
}
