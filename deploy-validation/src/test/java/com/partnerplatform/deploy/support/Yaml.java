package com.partnerplatform.deploy.support;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** YAML documents as Jackson trees. Duplicate keys are an error (YAML forbids them; some tools keep the last). */
public final class Yaml {

    public static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder().build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Yaml() {
    }

    /** Every non-empty document of a (multi-document) YAML text. */
    public static List<JsonNode> documents(String text, String origin) {
        List<JsonNode> docs = new ArrayList<>();
        // A MappingIterator would unwrap a document that is a sequence into its elements: read document by document.
        try (JsonParser parser = MAPPER.getFactory().createParser(text);
             MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(parser)) {
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    docs.add(node);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": not valid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    public static List<JsonNode> documents(Path file) {
        return documents(Repo.read(file), file.toString());
    }

    public static JsonNode single(Path file) {
        List<JsonNode> docs = documents(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    public static ObjectNode object(JsonNode node, String origin) {
        if (!(node instanceof ObjectNode o)) {
            throw new IllegalArgumentException(origin + ": expected a mapping, found " + node.getNodeType());
        }
        return o;
    }

    public static String toYaml(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
