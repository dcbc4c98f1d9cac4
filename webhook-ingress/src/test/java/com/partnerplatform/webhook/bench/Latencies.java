package com.partnerplatform.webhook.bench;

import java.util.Arrays;

/** Latency samples in microseconds; thread-safe appends, percentiles by sorting (a run holds a few 100k samples). */
final class Latencies {

    private long[] samples = new long[1 << 16];
    private int size;

    synchronized void add(long micros) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = micros;
    }

    synchronized int count() {
        return size;
    }

    /** p in [0, 100], in milliseconds. */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int index = (int) Math.min(size - 1, Math.ceil(p / 100.0 * size) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    String summary() {
        return String.format("p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms", percentileMillis(50),
                percentileMillis(99), percentileMillis(99.9), percentileMillis(100));
    }
}
