package com.partnerplatform.ycmt.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The claim rules of the three artefacts. Each check names the claim and the rule and throws a
 * {@link ClaimsException} with the artefact's claims error code; values never appear in messages.
 */
final class ClaimRules {

    /** Latest epoch second that still formats as a four-digit-year RFC 3339 time (9999-12-31T23:59:59Z). */
    static final long MAX_EPOCH_SECOND = 253402300799L;

    static final Set<String> CORRIDOR_TYPES = Set.of("OPEN_PAYMENT", "OFFLINE");

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final DateTimeFormatter TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,12})?");
    private static final Pattern UUID_V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Pattern CORRIDOR = Pattern.compile("([A-Z]{2})-([A-Z]{2})");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    /** Money patterns by minor-unit digits (ISO 4217 uses 0 to 4). */
    private static final Pattern[] MONEY = {moneyPattern(0), moneyPattern(1), moneyPattern(2), moneyPattern(3), moneyPattern(4)};

    private static Pattern moneyPattern(int scale) {
        return Pattern.compile("(0|[1-9][0-9]{0,14})" + (scale == 0 ? "" : "\\.[0-9]{" + scale + "}"));
    }

    private ClaimRules() {
    }

    static void quote(JsonNode payload) {
        Reader r = new Reader(Artefact.QUOTE, payload);
        r.version();
        r.id("quote_id");
        r.id("jti");
        r.id("partner_id");
        r.integer("partner_quote_seq", 0, StrictJson.MAX_SAFE_INTEGER);
        r.id("subscription_id");
        int sendScale = r.currency("send_currency");
        int receiveScale = r.currency("receive_currency");
        BigDecimal send = r.money("send_amount", sendScale, "send_currency", true);
        r.money("receive_amount", receiveScale, "receive_currency", true);
        String country = r.country("beneficiary_country");
        r.currency("beneficiary_currency");
        r.require(r.text("beneficiary_currency").equals(r.text("receive_currency")), "beneficiary_currency",
                "must equal receive_currency (both are the destination currency)");
        r.corridor("corridor", country);
        r.oneOf("corridor_type", CORRIDOR_TYPES);
        r.decimal("fx_rate");
        BigDecimal partnerFee = r.money("partner_fee", sendScale, "send_currency", false);
        BigDecimal principalFee = r.money("principal_fee", sendScale, "send_currency", false);
        BigDecimal total = r.money("total_consumer_cost", sendScale, "send_currency", true);
        r.require(total.compareTo(send.add(partnerFee).add(principalFee)) == 0, "total_consumer_cost",
                "must equal send_amount + partner_fee + principal_fee");
        long iat = r.integer("iat", 0, MAX_EPOCH_SECOND);
        long exp = r.integer("exp", 0, MAX_EPOCH_SECOND);
        r.require(r.time("issued_at").getEpochSecond() == iat, "iat", "must equal issued_at as epoch seconds");
        r.require(r.time("expires_at").getEpochSecond() == exp, "exp", "must equal expires_at as epoch seconds");
        r.require(exp > iat, "exp", "must be later than iat");
    }

    static void registrationProof(JsonNode payload) {
        Reader r = new Reader(Artefact.REGISTRATION_PROOF, payload);
        r.version();
        r.id("registration_id");
        r.challenge("registration_challenge");
        r.require("RS256".equals(r.text("device_key_alg")), "device_key_alg", "must be RS256");
        deviceJwk(payload);
        r.integer("iat", 0, MAX_EPOCH_SECOND);
    }

    /** The device key a registration proof carries; the payload must already have passed {@link #registrationProof}. */
    static Jwk deviceJwk(JsonNode payload) {
        JsonNode jwk = payload.get("device_public_key_jwk");
        if (jwk == null || !jwk.isObject()) {
            throw new ClaimsException(Artefact.REGISTRATION_PROOF.claimsError(), "device_public_key_jwk", "must be a JSON object (a public RSA JWK)");
        }
        try {
            return Jwk.fromNode(jwk);
        } catch (IllegalArgumentException e) {
            throw new ClaimsException(Artefact.REGISTRATION_PROOF.claimsError(), "device_public_key_jwk", e.getMessage());
        }
    }

    static void transferAssertion(JsonNode payload) {
        Reader r = new Reader(Artefact.TRANSFER_ASSERTION, payload);
        r.version();
        r.id("transfer_id");
        r.challenge("challenge");
        r.require(UUID_V4.matcher(r.text("nonce")).matches(), "nonce", "must be a lowercase RFC 9562 version 4 UUID");
        int sendScale = r.currency("send_currency");
        int receiveScale = r.currency("receive_currency");
        r.money("send_amount", sendScale, "send_currency", true);
        r.money("receive_amount", receiveScale, "receive_currency", true);
        r.id("beneficiary_id");
        r.integer("iat", 0, MAX_EPOCH_SECOND);
    }

    /** ISO 4217 minor-unit digits of a currency code, or -1 if the code is not one with minor units. */
    static int minorUnits(String code) {
        if (code == null || !CURRENCY.matcher(code).matches()) {
            return -1;
        }
        try {
            return Currency.getInstance(code).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** RFC 3339 UTC text, whole seconds, as the profile writes it. */
    static String formatTime(Instant instant) {
        return TIME_FORMAT.format(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC));
    }

    /** Reads one payload's claims with the artefact's error code. */
    private static final class Reader {
        private final Artefact artefact;
        private final JsonNode payload;

        Reader(Artefact artefact, JsonNode payload) {
            this.artefact = artefact;
            this.payload = payload;
            if (payload == null || !payload.isObject()) {
                throw fail(null, "payload must be a JSON object");
            }
            List<String> names = artefact.claimNames();
            if (!payload.has(artefact.versionClaim())) {
                // checked first: a payload of another artefact is best reported as exactly that
                throw fail(artefact.versionClaim(), "missing required claim; not a " + artefact.versionClaim() + " payload");
            }
            payload.fieldNames().forEachRemaining(name -> {
                if (!names.contains(name)) {
                    String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
                    String hint = !snake.equals(name) && names.contains(snake)
                            ? " (the signed payload uses the snake_case name " + snake + ")" : "";
                    throw fail(name, "unexpected claim; " + artefact.versionClaim() + " has exactly "
                            + names.size() + " claims" + hint);
                }
            });
            for (String name : names) {
                if (!payload.has(name)) {
                    throw fail(name, "missing required claim");
                }
            }
        }

        ClaimsException fail(String claim, String rule) {
            return new ClaimsException(artefact.claimsError(), claim, rule);
        }

        void require(boolean condition, String claim, String rule) {
            if (!condition) {
                throw fail(claim, rule);
            }
        }

        String text(String claim) {
            JsonNode value = payload.get(claim);
            if (!value.isTextual()) {
                throw fail(claim, "must be a JSON string");
            }
            return value.textValue();
        }

        void version() {
            require("v1".equals(text(artefact.versionClaim())), artefact.versionClaim(), "must be \"v1\"");
        }

        /** Identifiers: 1 to 128 visible ASCII characters. */
        void id(String claim) {
            visibleAscii(claim, 128);
        }

        /** Server-issued challenges: 1 to 2048 visible ASCII characters. */
        void challenge(String claim) {
            visibleAscii(claim, 2048);
        }

        private void visibleAscii(String claim, int max) {
            String value = text(claim);
            require(!value.isEmpty() && value.length() <= max, claim, "must be 1 to " + max + " characters");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                require(c >= 0x21 && c <= 0x7e, claim, "must be visible ASCII (no spaces, control or non-ASCII characters)");
            }
        }

        long integer(String claim, long min, long max) {
            JsonNode value = payload.get(claim);
            if (!value.isIntegralNumber()) {
                throw fail(claim, "must be a JSON integer" + (value.isTextual() ? ", not a string" : ""));
            }
            long v = value.longValue();
            require(value.canConvertToLong() && v >= min && v <= max, claim, "must be between " + min + " and " + max);
            return v;
        }

        int currency(String claim) {
            int digits = minorUnits(text(claim));
            require(digits >= 0, claim, "must be an ISO 4217 currency code with defined minor units");
            return digits;
        }

        /** Decimal string with exactly the currency's minor-unit digits, no sign, exponent or leading zero. */
        BigDecimal money(String claim, int scale, String currencyClaim, boolean positive) {
            JsonNode value = payload.get(claim);
            String rule = "must be a decimal string with exactly " + scale + " fraction digit" + (scale == 1 ? "" : "s")
                    + " (the minor units of " + currencyClaim + ")";
            if (!value.isTextual()) {
                throw fail(claim, rule + ", not a JSON " + value.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            String text = value.textValue();
            Pattern pattern = scale < MONEY.length ? MONEY[scale] : moneyPattern(scale);
            require(pattern.matcher(text).matches(), claim, rule);
            BigDecimal amount = new BigDecimal(text);
            require(!positive || amount.signum() > 0, claim, "must be greater than zero");
            return amount;
        }

        void decimal(String claim) {
            String text = text(claim);
            require(DECIMAL.matcher(text).matches(), claim, "must be a plain decimal string (digits, optional fraction)");
            require(new BigDecimal(text).signum() > 0, claim, "must be greater than zero");
        }

        Instant time(String claim) {
            String text = text(claim);
            String rule = "must be RFC 3339 UTC as yyyy-MM-ddTHH:mm:ssZ (whole seconds, 'Z', no offset)";
            require(TIME.matcher(text).matches(), claim, rule);
            try {
                return LocalDateTime.parse(text, TIME_FORMAT).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw fail(claim, rule + "; not a valid calendar time");
            }
        }

        String country(String claim) {
            String value = text(claim);
            require(COUNTRY.matcher(value).matches() && COUNTRIES.contains(value), claim, "must be an ISO 3166-1 alpha-2 country code");
            return value;
        }

        void corridor(String claim, String beneficiaryCountry) {
            var m = CORRIDOR.matcher(text(claim));
            require(m.matches() && COUNTRIES.contains(m.group(1)), claim, "must be ORIGIN-DESTINATION ISO 3166-1 alpha-2 codes, e.g. ES-MA");
            require(m.group(2).equals(beneficiaryCountry), claim, "destination must equal beneficiary_country");
        }

        void oneOf(String claim, Set<String> allowed) {
            require(allowed.contains(text(claim)), claim, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }
}
