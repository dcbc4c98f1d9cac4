package com.partnerplatform.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.partnerplatform.events.serde.Json;

/**
 * The JSON Schemas of every event, one file per version under {@code schemas/NAME/vN.json}.
 * A reference is {@code NAME/vN}, as carried in each record's {@link Headers#SCHEMA} header.
 */
public final class EventSchemas {

    /** Every event schema, by name; each has consecutive versions starting at v1. */
    public static final List<String> NAMES = List.of("signing-request", "signing-reply", "public-key", "quote-event",
            "signer-audit", "fx-rate", "ycmt-webhook-cloudevent", "webhook-quarantine", "ygg-redeem-audit");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The schema document {@code name/vN}, or an exception naming the missing reference. */
    public static JsonNode document(String reference) {
        String path = "/schemas/" + reference + ".json";
        try (InputStream in = EventSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no event schema " + reference);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable event schema " + reference, e);
        }
    }

    /** The highest version present for {@code name}. */
    public static int latestVersion(String name) {
        int version = 1;
        while (EventSchemas.class.getResource("/schemas/" + name + "/v" + (version + 1) + ".json") != null) {
            version++;
        }
        return version;
    }

    /** Violations of {@code value} against schema {@code reference}; empty when valid. */
    public static List<String> validate(String reference, JsonNode value) {
        JsonSchema schema = COMPILED.computeIfAbsent(reference, ref -> {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return FACTORY.getSchema(document(ref), config);
        });
        return schema.validate(value).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
