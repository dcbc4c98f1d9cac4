package com.partnerplatform.ygg.gateway;

import java.util.function.LongSupplier;

/**
 * One token bucket per configured API key (by its index in {@code ygg.api-keys}), local to this instance:
 * {@code burst} requests at once, refilled at {@code ratePerSecond}. Keying by index means no key text is
 * kept and the number of buckets is bounded by configuration, not by what clients send.
 */
public final class RateLimiter {

    private final Bucket[] buckets;
    private final boolean enabled;

    public RateLimiter(int keyCount, boolean enabled, double ratePerSecond, int burst, LongSupplier nanoTime) {
        if (enabled && (ratePerSecond <= 0 || burst < 1)) {
            throw new IllegalArgumentException("ygg.rate-limit: requests-per-second must be > 0 and burst >= 1");
        }
        this.enabled = enabled;
        this.buckets = new Bucket[keyCount];
        for (int i = 0; i < keyCount; i++) {
            buckets[i] = new Bucket(ratePerSecond / 1e9, burst, nanoTime);
        }
    }

    /** Takes a token for the key at {@code keyIndex}; false when its bucket is empty. */
    public boolean tryAcquire(int keyIndex) {
        return !enabled || buckets[keyIndex].tryAcquire();
    }

    private static final class Bucket {
        private final double tokensPerNano;
        private final double capacity;
        private final LongSupplier nanoTime;
        private double tokens;
        private long refilledAt;

        Bucket(double tokensPerNano, double capacity, LongSupplier nanoTime) {
            this.tokensPerNano = tokensPerNano;
            this.capacity = capacity;
            this.nanoTime = nanoTime;
            this.tokens = capacity;
            this.refilledAt = nanoTime.getAsLong();
        }

        synchronized boolean tryAcquire() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
