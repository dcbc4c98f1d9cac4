package com.partnerplatform.ycmt.signatures;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one strict JSON reader of the library, shared by canonicalisation, JWS decoding and JWKS
 * parsing so that every layer agrees on what a document means. It refuses what RFC 7493 (I-JSON)
 * refuses, because the canonicaliser behind {@link Jcs} misbehaves on exactly those inputs.
 */
final class StrictJson {

    /** Largest accepted document, in UTF-16 chars: bounds the canonicaliser's (linear) running time. */
    static final int MAX_CHARS = 1 << 20;
    /** Deepest accepted nesting: bounds recursion in the parser, our checks and the canonicaliser. */
    static final int MAX_DEPTH = 64;
    /** I-JSON's interoperable integer range, +-(2^53 - 1). */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final BigInteger MAX_SAFE = BigInteger.valueOf(MAX_SAFE_INTEGER);
    private static final BigInteger MIN_SAFE = MAX_SAFE.negate();

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(1100) // an exact decimal expansion of a double has up to 767 digits
                            .maxStringLength(MAX_CHARS)
                            .build())
                    .build())
            // keep every decimal exactly as written until the canonicaliser rounds it, once
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private StrictJson() {
    }

    /** Parses one JSON text and checks it is I-JSON. */
    static JsonNode parse(String text) {
        if (text == null) {
            throw new JcsException("JSON input is null");
        }
        if (text.length() > MAX_CHARS) {
            throw new JcsException("JSON input is " + text.length() + " chars, the limit is " + MAX_CHARS);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new JcsException(describe(e));
        }
        if (node == null || node.isMissingNode()) {
            throw new JcsException("JSON input is empty");
        }
        requireIJson(node, "$", 0);
        return node;
    }

    /** Decodes bytes as UTF-8, refusing malformed sequences instead of replacing them. */
    static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new JcsException("input is not well-formed UTF-8");
        }
    }

    /**
     * Converts a Java value tree (Map with String keys, List, String, Boolean, null, integral
     * numbers, Double/Float/BigDecimal, or a JsonNode) into a checked JSON tree. Anything else is
     * refused rather than serialised by reflection, so no POJO or date type reaches a signature
     * with an unintended encoding.
     */
    static JsonNode fromJava(Object value) {
        JsonNode node = convert(value, "$", 0);
        requireIJson(node, "$", 0);
        return node;
    }

    private static JsonNode convert(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new JcsException("nesting deeper than " + MAX_DEPTH + " at " + path);
        }
        JsonNodeFactory f = MAPPER.getNodeFactory();
        if (value == null) {
            return f.nullNode();
        } else if (value instanceof JsonNode node) {
            return node;
        } else if (value instanceof String s) {
            return f.textNode(s);
        } else if (value instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return f.numberNode(((Number) value).longValue());
        } else if (value instanceof BigInteger i) {
            return f.numberNode(i);
        } else if (value instanceof BigDecimal d) {
            return f.numberNode(d);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new JcsException("number at " + path + " is not finite");
            }
            return f.numberNode(d);
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode object = f.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new JcsException("object key at " + path + " is not a String");
                }
                object.set(key, convert(e.getValue(), path + "." + key, depth + 1));
            }
            return object;
        } else if (value instanceof List<?> list) {
            ArrayNode array = f.arrayNode();
            for (int i = 0; i < list.size(); i++) {
                array.add(convert(list.get(i), path + "[" + i + "]", depth + 1));
            }
            return array;
        }
        throw new JcsException("value at " + path + " has unsupported type " + value.getClass().getName());
    }

    /** The I-JSON rules (RFC 7493 s.2) the canonicaliser depends on, checked over a whole tree. */
    private static void requireIJson(JsonNode node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new JcsException("nesting deeper than " + MAX_DEPTH + " at " + path);
        }
        if (node.isPojo() || node.isBinary() || node.isMissingNode()) {
            throw new JcsException("node at " + path + " is not a JSON value (" + node.getNodeType() + ")");
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String childPath = path + "." + field.getKey();
                requireWellFormed(field.getKey(), "key at " + childPath);
                requireIJson(field.getValue(), childPath, depth + 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireIJson(node.get(i), path + "[" + i + "]", depth + 1);
            }
        } else if (node.isTextual()) {
            requireWellFormed(node.textValue(), "string at " + path);
        } else if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.compareTo(MAX_SAFE) > 0 || value.compareTo(MIN_SAFE) < 0) {
                // beyond 2^53 only integers a double holds exactly keep their value through JCS
                double d = value.doubleValue();
                if (Double.isInfinite(d) || !new BigDecimal(d).toBigInteger().equals(value)) {
                    throw new JcsException("integer at " + path + " is outside the I-JSON safe range +-(2^53-1)"
                            + " and not exactly representable as an IEEE 754 double");
                }
            }
        } else if (node.isNumber()) {
            double d = toDouble(node);
            if (Double.isInfinite(d)) {
                throw new JcsException("number at " + path + " overflows an IEEE 754 double");
            }
            boolean zero = node.isBigDecimal() ? node.decimalValue().signum() == 0 : node.doubleValue() == 0;
            if (d == 0 && !zero) {
                throw new JcsException("number at " + path + " underflows an IEEE 754 double");
            }
            if (d != 0 && Math.abs(d) < Double.MIN_NORMAL) {
                // the canonicaliser formats some subnormals wrongly or never returns on them
                throw new JcsException("number at " + path + " is subnormal, which this profile does not accept");
            }
        }
    }

    /** The double a JSON number means (correctly rounded, as JavaScript's JSON.parse does). */
    static double toDouble(JsonNode number) {
        return number.isBigDecimal() ? Double.parseDouble(number.decimalValue().toString()) : number.doubleValue();
    }

    private static void requireWellFormed(String s, String where) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new JcsException(where + " contains a lone surrogate at index " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new JcsException(where + " contains a lone surrogate at index " + i);
            }
        }
    }

    /** Java view of a checked tree: LinkedHashMap, List, String, Long, BigDecimal, Boolean, null. */
    static Object toJava(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
            return Collections.unmodifiableMap(map);
        } else if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(child -> list.add(toJava(child)));
            return Collections.unmodifiableList(list);
        } else if (node.isTextual()) {
            return node.textValue();
        } else if (node.isIntegralNumber()) {
            return node.longValue();
        } else if (node.isNumber()) {
            return node.decimalValue();
        } else if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            return "JSON input exceeds a limit" + where + " (" + original.replaceAll("[^ -~]", "?") + ")";
        }
        if (original.startsWith("Duplicate field")) {
            return "JSON input has a duplicate key" + where;
        }
        if (original.contains("Trailing token")) {
            return "JSON input has trailing content after the value" + where;
        }
        return "JSON input is not valid JSON" + where;
    }
}
