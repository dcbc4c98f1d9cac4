package com.partnerplatform.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The PIDs of a running local platform, recorded so that {@code ./platform stop} can end it from elsewhere. */
final class ProcessTable {

    private final Path file;
    private final Map<String, Long> pids = new LinkedHashMap<>();

    ProcessTable(Path file) {
        this.file = file;
    }

    static ProcessTable read(Path file) {
        ProcessTable table = new ProcessTable(file);
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        table.pids.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("unreadable pid file " + file, e);
        }
        return table;
    }

    synchronized void record(String name, long pid) {
        pids.put(name, pid);
        write();
    }

    Map<String, Long> entries() {
        return Map.copyOf(pids);
    }

    /** The entries whose process still runs. */
    Map<String, Long> alive() {
        Map<String, Long> alive = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isPresent() && handle.get().isAlive()) {
                alive.put(name, pid);
            }
        });
        return alive;
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pids.clear();
    }

    private void write() {
        StringBuilder text = new StringBuilder();
        pids.forEach((name, pid) -> text.append(name).append('=').append(pid).append('\n'));
        try {
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
