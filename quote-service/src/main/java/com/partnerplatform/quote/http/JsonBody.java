package com.partnerplatform.quote.http;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.partnerplatform.quote.pricing.Currencies;
import com.partnerplatform.runtime.problem.Problem;
import com.partnerplatform.runtime.problem.ProblemException;

/**
 * Reads a request body strictly and collects every violation, so a client learns all that is wrong
 * at once. Strict means: one JSON object, no duplicate member, no trailing data, no unknown member,
 * and money as decimal STRINGS ({@code "100.50"}): a JSON number is refused even when it looks
 * harmless, because {@code 100.5} has already been through a binary float in most clients.
 */
public final class JsonBody {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();
    /** Unsigned plain decimal: no sign, exponent, spaces or leading zeros; at most 15 integer digits. */
    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,14})(\\.[0-9]+)?");
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

    private final ObjectNode body;
    private final List<Problem.Violation> violations = new ArrayList<>();

    private JsonBody(ObjectNode body) {
        this.body = body;
    }

    /** @throws ProblemException 400 {@code request.malformed} when the text is not one JSON object */
    public static JsonBody parse(String text, Set<String> allowedMembers) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("request.malformed", "the request body is empty; a JSON object is required");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a member appears twice" : "the body is not valid JSON";
            throw ProblemException.badRequest("request.malformed", why + where);
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("request.malformed", "the request body must be a JSON object");
        }
        JsonBody body = new JsonBody((ObjectNode) node);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowedMembers.contains(name)) {
                body.violation(printable(name), "unknown member; allowed: " + String.join(", ", allowedMembers.stream().sorted().toList()));
            }
        }
        return body;
    }

    public boolean has(String member) {
        return body.has(member) && !body.get(member).isNull();
    }

    /** A required or optional string member of visible ASCII up to {@code maxLength}; null if absent or invalid. */
    public String text(String member, boolean required, int maxLength, Pattern format, String formatRule) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            if (required) {
                violation(member, "required");
            }
            return null;
        }
        if (!value.isTextual()) {
            violation(member, "must be a JSON string");
            return null;
        }
        String text = value.textValue();
        if (text.isEmpty() || text.length() > maxLength || !VISIBLE_ASCII.matcher(text).matches()) {
            violation(member, "must be 1 to " + maxLength + " visible ASCII characters");
            return null;
        }
        if (format != null && !format.matcher(text).matches()) {
            violation(member, formatRule);
            return null;
        }
        return text;
    }

    /**
     * A money amount: a decimal string, greater than zero, with no more fraction digits than the
     * currency's minor units ({@code "100"} and {@code "100.5"} are read as 100.00 and 100.50 in EUR;
     * {@code "100.505"} is refused). Null if absent or invalid.
     */
    public BigDecimal amount(String member, String currency) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            violation(member, "must be a decimal string such as \"100.00\", not a JSON number");
            return null;
        }
        if (!value.isTextual() || !DECIMAL.matcher(value.textValue()).matches()) {
            violation(member, "must be a plain unsigned decimal string such as \"100.00\" (no sign, exponent or spaces)");
            return null;
        }
        BigDecimal amount = new BigDecimal(value.textValue());
        if (amount.signum() <= 0) {
            violation(member, "must be greater than zero");
            return null;
        }
        if (currency != null) {
            var scale = Currencies.minorUnits(currency);
            if (scale.isPresent() && amount.scale() > scale.getAsInt()) {
                violation(member, "has more fraction digits than " + currency + " allows (" + scale.getAsInt() + ")");
                return null;
            }
            if (scale.isPresent()) {
                amount = amount.setScale(scale.getAsInt());
            }
        }
        return amount;
    }

    public void violation(String field, String rule) {
        violations.add(new Problem.Violation(field, rule));
    }

    public ObjectNode node() {
        return body;
    }

    /** @throws ProblemException 400 {@code request.invalid} listing every violation, if any */
    public void requireValid() {
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "request.invalid", "Bad Request",
                    violations.size() == 1 ? "1 member of the request is invalid"
                            : violations.size() + " members of the request are invalid",
                    violations, java.util.Map.of());
        }
    }

    /** A member name from the request, made safe to echo. */
    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return cut.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
