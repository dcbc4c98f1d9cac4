package com.partnerplatform.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the local platform keeps its state: a git-ignored {@code .platform/} folder in the checkout. */
record Layout(Path root) {

    Path state() {
        return root.resolve(".platform");
    }

    Path logs() {
        return state().resolve("logs");
    }

    /** Where {@link PlatformProcesses} keeps the broker's data (under {@link #state()}). */
    Path kafka() {
        return state().resolve("kafka");
    }

    Path pids() {
        return state().resolve("pids");
    }

    Path secrets() {
        return state().resolve("dev-secrets.env");
    }

    void create() {
        try {
            Files.createDirectories(logs());
            Files.createDirectories(kafka());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + state(), e);
        }
    }
}
