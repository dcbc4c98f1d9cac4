package com.partnerplatform.webhook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.serde.Json;

/** The project's shared known-answer data ({@code shared.dir}, else ../../shared from the module). */
public final class SharedData {

    private SharedData() {
    }

    public static Path dir() {
        String configured = System.getProperty("shared.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("..", "..", "shared");
        }
        return dir;
    }

    public static JsonNode standardWebhooksVectors() {
        try {
            return Json.MAPPER.readTree(dir().resolve("testdata/standard-webhooks/vectors.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
