package com.partnerplatform.webhook.minimisation;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.partnerplatform.events.serde.Json;

/**
 * Reads a verified event body and keeps only the allow-listed fields. Runs after verification
 * only: the body is parsed strictly (duplicate keys and trailing content refused) so that what
 * is kept has one meaning.
 */
@ApplicationScoped
public class EventMinimiser {

    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern RESOURCE_ID = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // an amount of 1.10 keeps its scale: money is never normalised on the way through
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    private final List<String[]> allowedPaths;
    private final String[] typePath;
    private final List<String[]> resourceIdPaths;
    private final List<String[]> timePaths;

    public EventMinimiser(MinimisationConfig config) {
        this.allowedPaths = config.allowedFields().stream().map(EventMinimiser::path).toList();
        this.typePath = path(config.typeField());
        this.resourceIdPaths = config.resourceIdFields().stream().map(EventMinimiser::path).toList();
        this.timePaths = config.timeFields().stream().map(EventMinimiser::path).toList();
    }

    public MinimisedEvent minimise(byte[] body) throws UnprocessableEvent {
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (IOException e) {
            throw new UnprocessableEvent("the body is not a single JSON document without duplicate keys");
        }
        if (root == null || !root.isObject()) {
            throw new UnprocessableEvent("the body must be a JSON object");
        }
        JsonNode type = at(root, typePath);
        if (type == null || !type.isTextual() || !EVENT_TYPE.matcher(type.textValue()).matches()) {
            throw new UnprocessableEvent("the event type field is missing or not a plain event type name");
        }
        // built directly as plain values (no second tree, no convertValue round trip through a token buffer)
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String[] path : allowedPaths) {
            JsonNode value = at(root, path);
            if (value != null && isScalarOrScalars(value)) {
                put(kept, path, plain(value));
            }
        }
        return new MinimisedEvent(type.textValue(), resourceId(root), occurredAt(root), kept);
    }

    private String resourceId(JsonNode root) {
        for (String[] path : resourceIdPaths) {
            JsonNode value = at(root, path);
            if (value != null && (value.isTextual() || value.isIntegralNumber())) {
                String text = value.asText();
                if (RESOURCE_ID.matcher(text).matches()) {
                    return text;
                }
            }
        }
        return null;
    }

    private Instant occurredAt(JsonNode root) {
        for (String[] path : timePaths) {
            JsonNode value = at(root, path);
            if (value != null && value.isTextual()) {
                try {
                    return OffsetDateTime.parse(value.textValue()).toInstant();
                } catch (DateTimeParseException e) {
                    // not a time; try the next candidate field
                }
            }
        }
        return null;
    }

    private static boolean isScalarOrScalars(JsonNode value) {
        if (value.isValueNode()) {
            return true;
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (!element.isValueNode()) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static JsonNode at(JsonNode root, String[] path) {
        JsonNode node = root;
        for (String segment : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(segment);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> target, String[] path, Object value) {
        Map<String, Object> node = target;
        for (int i = 0; i < path.length - 1; i++) {
            Object child = node.get(path[i]);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(path[i], child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(path[path.length - 1], value);
    }

    /** A scalar (or array of scalars) as the shared mapper would bind it: text, boolean, integer, BigDecimal, null. */
    private static Object plain(JsonNode value) {
        if (value.isArray()) {
            List<Object> elements = new ArrayList<>(value.size());
            for (JsonNode element : value) {
                elements.add(plain(element));
            }
            return elements;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.numberValue();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        throw new IllegalStateException("not a scalar: " + value.getNodeType());
    }

    private static String[] path(String dotted) {
        String trimmed = dotted.trim();
        if (trimmed.isEmpty() || trimmed.startsWith(".") || trimmed.endsWith(".") || trimmed.contains("..")) {
            throw new IllegalArgumentException("'" + dotted + "' is not a dotted field path");
        }
        return trimmed.split("\\.");
    }
}
