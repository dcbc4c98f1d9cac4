package com.partnerplatform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.serde.Json;

class SchemaCompatibilityTest {

    @Test
    void everySchemaVersionIsBackwardCompatibleWithThePreviousOne() {
        for (String name : EventSchemas.NAMES) {
            int latest = EventSchemas.latestVersion(name);
            for (int version = 2; version <= latest; version++) {
                JsonNode older = EventSchemas.document(name + "/v" + (version - 1));
                JsonNode newer = EventSchemas.document(name + "/v" + version);
                assertThat(SchemaCompatibility.backwardViolations(older, newer))
                        .as("%s v%d -> v%d", name, version - 1, version).isEmpty();
            }
        }
    }

    @Test
    void addingAnOptionalPropertyIsCompatible() throws IOException {
        assertThat(SchemaCompatibility.backwardViolations(fixture("base"), fixture("optional-added"))).isEmpty();
    }

    @Test
    void wideningIntegerToNumberIsCompatible() throws IOException {
        assertThat(SchemaCompatibility.backwardViolations(fixture("base"), fixture("integer-widened"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"required-added", "type-changed", "enum-value-removed", "closed"})
    void aBreakingChangeIsReported(String change) throws IOException {
        assertThat(SchemaCompatibility.backwardViolations(fixture("base"), fixture(change))).isNotEmpty();
    }

    @Test
    void aRequiredFieldAddedToARealEventSchemaIsReportedWithItsName() {
        JsonNode current = EventSchemas.document("quote-event/v1");
        JsonNode broken = current.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) broken.get("required")).add("subscriptionId");

        assertThat(SchemaCompatibility.backwardViolations(current, broken))
                .singleElement().asString().contains("subscriptionId").contains("became required");
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/compat/" + name + ".json")) {
            return Json.MAPPER.readTree(in);
        }
    }
}
