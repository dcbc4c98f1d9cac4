package com.partnerplatform.webhook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The service's resident set size, sampled every 100 ms from /proc/&lt;pid&gt;/status (VmRSS), plus its VmHWM. */
final class RssSampler {

    private final Path status;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rss-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long peakKib;

    RssSampler(long pid) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
    }

    void start() {
        timer.scheduleAtFixedRate(() -> peakKib = Math.max(peakKib, read("VmRSS:")), 0, 100, TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.shutdownNow();
    }

    long peakKib() {
        return peakKib;
    }

    long highWaterKib() {
        return read("VmHWM:");
    }

    private long read(String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone: keep what was sampled
        }
        return 0;
    }
}
