package com.partnerplatform.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Backward compatibility of a new schema version with the previous one: every record written
 * under the old version must still be valid under the new one, so consumers upgraded first keep
 * reading what producers not yet upgraded write. The rules, applied recursively to object properties:
 * no property becomes required that was not; no property changes or narrows its type; no enum
 * loses a value; a const stays the same; additional properties stay allowed if they were.
 */
public final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    /** What breaks backward compatibility from {@code older} to {@code newer}; empty when compatible. */
    public static List<String> backwardViolations(JsonNode older, JsonNode newer) {
        List<String> violations = new ArrayList<>();
        compare("", older, newer, violations);
        return violations;
    }

    private static void compare(String path, JsonNode older, JsonNode newer, List<String> violations) {
        Set<String> oldTypes = types(older);
        Set<String> newTypes = types(newer);
        if (!newTypes.isEmpty() && !accepts(newTypes, oldTypes)) {
            violations.add(where(path) + "type changed from " + (oldTypes.isEmpty() ? "any" : oldTypes) + " to "
                    + newTypes);
        }
        if (older.has("const") && !older.get("const").equals(newer.get("const")) && newer.has("const")) {
            violations.add(where(path) + "const changed");
        }
        if (newer.has("enum")) {
            Set<JsonNode> allowed = new HashSet<>();
            newer.get("enum").forEach(allowed::add);
            if (!older.has("enum")) {
                violations.add(where(path) + "enum added where any value was allowed");
            } else {
                older.get("enum").forEach(value -> {
                    if (!allowed.contains(value)) {
                        violations.add(where(path) + "enum value " + value + " removed");
                    }
                });
            }
        }
        Set<String> oldRequired = strings(older.get("required"));
        for (String name : strings(newer.get("required"))) {
            if (!oldRequired.contains(name)) {
                violations.add(where(path) + "property '" + name + "' became required");
            }
        }
        boolean oldOpen = !older.has("additionalProperties") || older.get("additionalProperties").asBoolean(true);
        boolean newOpen = !newer.has("additionalProperties") || newer.get("additionalProperties").asBoolean(true);
        if (oldOpen && !newOpen) {
            violations.add(where(path) + "additional properties no longer allowed");
        }
        JsonNode oldProperties = older.path("properties");
        JsonNode newProperties = newer.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = oldProperties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode replacement = newProperties.get(property.getKey());
            String child = path + "/" + property.getKey();
            if (replacement == null) {
                if (!newOpen) {
                    violations.add(where(child) + "removed while additional properties are refused");
                }
            } else {
                compare(child, property.getValue(), replacement, violations);
            }
        }
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new HashSet<>();
        JsonNode type = schema.get("type");
        if (type == null) {
            return types;
        }
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        return types;
    }

    /** Whether values of {@code oldTypes} all stay valid under {@code newTypes}; integer widens to number. */
    private static boolean accepts(Set<String> newTypes, Set<String> oldTypes) {
        if (oldTypes.isEmpty()) {
            return false;
        }
        for (String type : oldTypes) {
            if (!newTypes.contains(type) && !(type.equals("integer") && newTypes.contains("number"))) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        if (array != null) {
            array.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    private static String where(String path) {
        return (path.isEmpty() ? "/" : path) + ": ";
    }
}
