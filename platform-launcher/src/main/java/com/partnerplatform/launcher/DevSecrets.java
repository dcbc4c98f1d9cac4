package com.partnerplatform.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Secrets for the local platform only: generated once into a git-ignored env file readable by
 * its owner alone (0600), passed to the services as environment variables, never printed.
 */
public final class DevSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DevSecrets() {
    }

    static Map<String, String> loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, render(generate()));
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create " + file, e);
        }
    }

    /** Fresh secrets (webhook, YGG, admin tokens), as the local platform generates them on first start. */
    public static Map<String, String> generate() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("YCMT_WEBHOOK_SECRETS", "whsec_" + Base64.getEncoder().encodeToString(bytes(32)));
        secrets.put("YGG_API_KEYS", hex(24));
        secrets.put("YGG_SHARED_SECRETS", hex(32));
        secrets.put("SIGNER_ADMIN_TOKEN", hex(24));
        secrets.put("QUOTE_ADMIN_TOKEN", hex(24));
        return secrets;
    }

    private static String render(Map<String, String> secrets) {
        StringBuilder text = new StringBuilder("# Local platform secrets: generated, never committed, never printed.\n");
        secrets.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }

    static Map<String, String> parse(String text) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                secrets.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return secrets;
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String hex(int n) {
        return HexFormat.of().formatHex(bytes(n));
    }
}
