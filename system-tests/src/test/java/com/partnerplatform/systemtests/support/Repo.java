package com.partnerplatform.systemtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where the checkout and this module's run directories are. */
public final class Repo {

    private Repo() {
    }

    /** The checkout root: {@code repo.root} (set by the pom), else the parent of the working directory. */
    public static Path root() {
        String configured = System.getProperty("repo.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("platform-launcher"))) {
            throw new IllegalStateException(root + " is not the partner-platform checkout");
        }
        return root;
    }

    /**
     * A fresh directory for one platform run (its broker and database data, its logs), under
     * {@code system-tests/target/runs}, kept after the run for reading.
     */
    public static Path runDirectory(String name) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
        Path dir = root().resolve("system-tests/target/runs").resolve(name + "-" + stamp);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
