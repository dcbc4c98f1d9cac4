package com.partnerplatform.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 JSON Patch, the operations kustomize overlays use: add, replace, remove, test. */
public final class JsonPatch {

    private JsonPatch() {
    }

    public static void apply(JsonNode target, JsonNode operations, String origin) {
        if (!operations.isArray()) {
            throw new IllegalArgumentException(origin + ": a JSON patch is a list of operations");
        }
        for (JsonNode op : operations) {
            String kind = op.path("op").asText();
            String path = op.path("path").asText(null);
            if (path == null) {
                throw new IllegalArgumentException(origin + ": operation without path: " + op);
            }
            List<String> tokens = pointer(path);
            if (tokens.isEmpty()) {
                throw new IllegalArgumentException(origin + ": whole-document operations are not supported");
            }
            JsonNode parent = navigate(target, tokens.subList(0, tokens.size() - 1), origin, path);
            String last = tokens.get(tokens.size() - 1);
            switch (kind) {
                case "add" -> add(parent, last, value(op, origin), origin, path);
                case "replace" -> {
                    requireExisting(parent, last, origin, path);
                    set(parent, last, value(op, origin));
                }
                case "remove" -> {
                    requireExisting(parent, last, origin, path);
                    if (parent instanceof ObjectNode o) {
                        o.remove(last);
                    } else {
                        ((ArrayNode) parent).remove(Integer.parseInt(last));
                    }
                }
                case "test" -> {
                    requireExisting(parent, last, origin, path);
                    JsonNode actual = parent.isObject() ? parent.get(last) : parent.get(Integer.parseInt(last));
                    if (!actual.equals(value(op, origin))) {
                        throw new IllegalArgumentException(origin + ": test failed at " + path);
                    }
                }
                default -> throw new IllegalArgumentException(origin + ": unsupported JSON patch op '" + kind + "'");
            }
        }
    }

    static List<String> pointer(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("JSON pointer must start with '/': " + path);
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : path.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static JsonNode value(JsonNode op, String origin) {
        if (!op.has("value")) {
            throw new IllegalArgumentException(origin + ": operation without value: " + op);
        }
        return op.get("value").deepCopy();
    }

    private static JsonNode navigate(JsonNode node, List<String> tokens, String origin, String path) {
        JsonNode current = node;
        for (String t : tokens) {
            JsonNode next = current.isArray() ? current.get(index(t, current, false, origin, path)) : current.get(t);
            if (next == null) {
                throw new IllegalArgumentException(origin + ": path " + path + " does not exist");
            }
            current = next;
        }
        return current;
    }

    private static int index(String token, JsonNode array, boolean forAdd, String origin, String path) {
        try {
            int i = Integer.parseInt(token);
            int max = forAdd ? array.size() : array.size() - 1;
            if (i < 0 || i > max) {
                throw new IllegalArgumentException(origin + ": index " + i + " out of range at " + path);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(origin + ": '" + token + "' is not an array index at " + path);
        }
    }

    private static void requireExisting(JsonNode parent, String last, String origin, String path) {
        boolean exists = parent.isObject() ? parent.has(last)
                : parent.isArray() && index(last, parent, false, origin, path) < parent.size();
        if (!exists) {
            throw new IllegalArgumentException(origin + ": path " + path + " does not exist");
        }
    }

    private static void add(JsonNode parent, String last, JsonNode value, String origin, String path) {
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            if ("-".equals(last)) {
                a.add(value);
            } else {
                a.insert(index(last, a, true, origin, path), value);
            }
        } else {
            throw new IllegalArgumentException(origin + ": cannot add into a scalar at " + path);
        }
    }

    private static void set(JsonNode parent, String last, JsonNode value) {
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
    }
}
