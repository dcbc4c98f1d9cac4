package com.partnerplatform.webhook.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time consumed by the service, the broker and PostgreSQL (postmaster and its backends). On a
 * machine shared with other work, wall-clock rates say little; CPU per delivery does not depend on
 * what else runs, and gives the rate the three would reach on cores of their own.
 */
final class CpuMeter {

    private final long servicePid;
    private final long kafkaPid;
    private final Path postgresDataDir;

    CpuMeter(long servicePid, long kafkaPid, Path postgresDataDir) {
        this.servicePid = servicePid;
        this.kafkaPid = kafkaPid;
        this.postgresDataDir = postgresDataDir;
    }

    Map<String, Long> snapshotNanos() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        cpu.put("service", cpuOf(ProcessHandle.of(servicePid).stream()));
        cpu.put("kafka", cpuOf(ProcessHandle.of(kafkaPid).stream()));
        cpu.put("postgres", cpuOf(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(postgresDataDir.toString())).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))));
        // the load generator shares the same cores, so its CPU is part of the cost of a delivery here
        cpu.put("generator", cpuOf(Stream.of(ProcessHandle.current())));
        return cpu;
    }

    /** "service 0.31 ms + kafka 0.12 ms + postgres 0.08 ms = 0.51 ms CPU per delivery (≈ 3,900/s on 2 free cores)". */
    static String perDelivery(Map<String, Long> before, Map<String, Long> after, long deliveries, int cores) {
        StringBuilder text = new StringBuilder();
        double total = 0;
        for (String name : before.keySet()) {
            double ms = (after.get(name) - before.get(name)) / 1e6 / Math.max(1, deliveries);
            total += ms;
            text.append(text.length() == 0 ? "" : " + ").append(String.format("%s %.3f ms", name, ms));
        }
        return text.append(String.format(" = %.3f ms CPU per delivery (~%,.0f/s on %d cores of their own)", total,
                cores * 1000 / total, cores)).toString();
    }

    private static long cpuOf(Stream<ProcessHandle> processes) {
        return processes.map(p -> p.info().totalCpuDuration()).flatMap(Optional::stream).mapToLong(Duration::toNanos).sum();
    }
}
