package com.partnerplatform.ygg.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void aKeyMaySendItsBurstAtOnceThenWaitsForRefill() {
        RateLimiter limiter = new RateLimiter(2, true, 10, 3, nanos::get);

        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isFalse();

        nanos.addAndGet(99_000_000L); // 0.99 tokens at 10/s
        assertThat(limiter.tryAcquire(0)).isFalse();
        nanos.addAndGet(2_000_000L);
        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isFalse();
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        RateLimiter limiter = new RateLimiter(2, true, 1, 1, nanos::get);

        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isFalse();
        assertThat(limiter.tryAcquire(1)).isTrue();
    }

    @Test
    void refillNeverExceedsTheBurst() {
        RateLimiter limiter = new RateLimiter(1, true, 100, 2, nanos::get);
        nanos.addAndGet(60_000_000_000L);

        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isFalse();
    }

    @Test
    void disabledLimitsNothing() {
        RateLimiter limiter = new RateLimiter(1, false, 1, 1, nanos::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire(0)).isTrue();
        }
    }

    @Test
    void anUnusableConfigurationIsRefused() {
        assertThatThrownBy(() -> new RateLimiter(1, true, 0, 1, nanos::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(1, true, 1, 0, nanos::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
