package com.partnerplatform.systemtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Secrets planted in requests (or handed to the services as configuration) and the places they
 * must never show up: each is registered with the exact strings to look for - the whole value and
 * distinctive fragments of it, so that a truncated or re-encoded copy is found too.
 */
public final class PlantedSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** A leak: which secret, where, and the line it was in with the secret itself masked. */
    public record Leak(String secret, String where, String context) {
        @Override
        public String toString() {
            return secret + " found in " + where + ": " + context;
        }
    }

    private final Map<String, List<String>> needles = new LinkedHashMap<>();

    /** A fresh random marker: letters and digits, unique per run. */
    public static String marker(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)]);
        }
        return s.toString();
    }

    /** Registers {@code value} (searched whole) and any {@code fragments} of it (each at least 12 characters). */
    public String plant(String label, String value, String... fragments) {
        List<String> list = new ArrayList<>();
        list.add(value);
        for (String fragment : fragments) {
            if (fragment.length() < 12) {
                throw new IllegalArgumentException("fragment of " + label + " too short to be distinctive");
            }
            list.add(fragment);
        }
        needles.merge(label, list, (a, b) -> {
            List<String> merged = new ArrayList<>(a);
            merged.addAll(b);
            return merged;
        });
        return value;
    }

    public int count() {
        return needles.size();
    }

    public List<String> labels() {
        return List.copyOf(needles.keySet());
    }

    /** Every leak of any planted secret in {@code text}, attributed to {@code where}. */
    public List<Leak> scan(String where, String text) {
        List<Leak> leaks = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return leaks;
        }
        needles.forEach((label, values) -> {
            for (String value : values) {
                int at = text.indexOf(value);
                if (at >= 0) {
                    int lineStart = text.lastIndexOf('\n', at) + 1;
                    int lineEnd = text.indexOf('\n', at);
                    String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
                    String masked = line.replace(value, "<" + label + ">");
                    leaks.add(new Leak(label, where, masked.length() > 400 ? masked.substring(0, 400) + "..." : masked));
                    break;
                }
            }
        });
        return leaks;
    }

    /** Scans every regular file under {@code directory} whose name ends with one of {@code suffixes}. */
    public List<Leak> scanFiles(Path directory, String... suffixes) {
        List<Leak> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(suffixes).anyMatch(s -> f.getFileName().toString().endsWith(s))).toList()) {
                leaks.addAll(scan(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return leaks;
    }
}
