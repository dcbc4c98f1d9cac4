package com.partnerplatform.ycmt.signatures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme, strict: the bytes every YCMT signature is computed over.
 *
 * <p>Formatting is done by {@code org.erdtman.jcs.JsonCanonicalizer}, which matches JavaScript's
 * number and string serialisation but throws, loops or prints wrong digits on some inputs
 * (duplicate keys, lone surrogates, overflowing or subnormal numbers, top-level scalars). So every
 * input is first parsed and checked by one strict I-JSON reader, and only the checked tree, written
 * back compactly, reaches the library. Inputs are capped at {@value StrictJson#MAX_CHARS} chars and
 * {@value StrictJson#MAX_DEPTH} levels so canonicalisation time stays bounded (it is linear in the
 * input, apart from key sorting).
 */
public final class Jcs {

    /** Largest accepted input in UTF-16 chars. */
    public static final int MAX_INPUT_CHARS = StrictJson.MAX_CHARS;

    private Jcs() {
    }

    /**
     * Canonicalises a JSON text.
     *
     * @return the canonical form as UTF-8 bytes
     * @throws JcsException if the text is not JSON, not I-JSON, or exceeds the limits
     */
    public static byte[] canonicalize(String json) {
        return canonicalizeChecked(StrictJson.parse(json));
    }

    /** Canonicalises a Jackson tree, with the same checks as {@link #canonicalize(String)}. */
    public static byte[] canonicalize(JsonNode json) {
        return canonicalizeChecked(StrictJson.fromJava(json));
    }

    /**
     * Canonicalises a Java object tree: String keys; values String, Boolean, null, Integer, Long,
     * BigInteger, BigDecimal, Double, Float, Map, List or JsonNode. Other types are refused.
     */
    public static byte[] canonicalize(Map<String, ?> json) {
        return canonicalizeChecked(StrictJson.fromJava(json));
    }

    /** The tree must already have passed {@link StrictJson}'s checks. */
    static byte[] canonicalizeChecked(JsonNode checked) {
        try {
            String compact = StrictJson.MAPPER.writeValueAsString(checked);
            if (checked.isContainerNode()) {
                return new JsonCanonicalizer(compact).getEncodedUTF8();
            }
            // RFC 8785 covers top-level scalars but the library does not: canonicalise [x] and unwrap
            byte[] wrapped = new JsonCanonicalizer("[" + compact + "]").getEncodedUTF8();
            return Arrays.copyOfRange(wrapped, 1, wrapped.length - 1);
        } catch (JsonProcessingException e) {
            throw new JcsException("JSON tree could not be written", e);
        } catch (IOException | RuntimeException e) {
            throw new JcsException("canonicaliser refused the input: " + e.getClass().getSimpleName());
        }
    }
}
