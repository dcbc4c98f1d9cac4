package com.partnerplatform.quote.quote;

import static com.partnerplatform.quote.support.Api.newKey;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.partnerplatform.quote.support.Api;
import com.partnerplatform.quote.support.Db;
import com.partnerplatform.quote.support.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Bad input gets a precise problem+json and changes nothing: no quote row, no sequence number
 * (nextval is only called once a request is valid and priced).
 */
@QuarkusTest
class BadInputTest {

    private static final String SUB = "SUB-BAD-INPUT-0001";
    private long rowsBefore;
    private long sequenceBefore;

    @BeforeEach
    void snapshot() {
        Api.freshRates(Instant.now());
        rowsBefore = Db.quoteRows();
        sequenceBefore = Db.sequenceLastValue();
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(Db.quoteRows()).as("quote rows").isEqualTo(rowsBefore);
        assertThat(Db.sequenceLastValue()).as("partner_quote_seq").isEqualTo(sequenceBefore);
    }

    static Stream<Arguments> invalidBodies() {
        String base = "\"subscriptionId\":\"" + SUB + "\",\"corridor\":\"ES-MA\",\"sendCurrency\":\"EUR\",\"receiveCurrency\":\"MAD\"";
        return Stream.of(
                // amounts are decimal strings: a JSON number is refused even when it looks harmless
                Arguments.of("float amount", "{" + base + ",\"sendAmount\":100.5}", "sendAmount", "not a JSON number"),
                Arguments.of("integer amount", "{" + base + ",\"sendAmount\":100}", "sendAmount", "not a JSON number"),
                Arguments.of("negative", "{" + base + ",\"sendAmount\":\"-100.00\"}", "sendAmount", "unsigned decimal"),
                Arguments.of("zero", "{" + base + ",\"sendAmount\":\"0.00\"}", "sendAmount", "greater than zero"),
                Arguments.of("over-precise", "{" + base + ",\"sendAmount\":\"100.001\"}", "sendAmount", "fraction digits"),
                Arguments.of("exponent", "{" + base + ",\"sendAmount\":\"1e2\"}", "sendAmount", "unsigned decimal"),
                Arguments.of("spaces", "{" + base + ",\"sendAmount\":\" 100.00\"}", "sendAmount", "unsigned decimal"),
                Arguments.of("leading zero", "{" + base + ",\"sendAmount\":\"0100.00\"}", "sendAmount", "unsigned decimal"),
                Arguments.of("both amounts", "{" + base + ",\"sendAmount\":\"100.00\",\"receiveAmount\":\"1085.00\"}",
                        "receiveAmount", "exactly one"),
                Arguments.of("no amount", "{" + base + "}", "sendAmount", "exactly one"),
                Arguments.of("snake_case member", "{" + base + ",\"send_amount\":\"100.00\"}", "send_amount", "unknown member"),
                Arguments.of("missing corridor", "{\"subscriptionId\":\"" + SUB + "\",\"sendCurrency\":\"EUR\",\"receiveCurrency\":\"MAD\","
                        + "\"sendAmount\":\"100.00\"}", "corridor", "required"),
                Arguments.of("not a currency", "{\"subscriptionId\":\"" + SUB + "\",\"corridor\":\"ES-MA\",\"sendCurrency\":\"EUX\","
                        + "\"receiveCurrency\":\"MAD\",\"sendAmount\":\"100.00\"}", "sendCurrency", "ISO 4217"),
                Arguments.of("XOF has no minor units", "{\"subscriptionId\":\"" + SUB + "\",\"corridor\":\"FR-SN\",\"sendCurrency\":\"EUR\","
                        + "\"receiveCurrency\":\"XOF\",\"receiveAmount\":\"5000.5\"}", "receiveAmount", "fraction digits"),
                Arguments.of("number as subscription", "{\"subscriptionId\":42,\"corridor\":\"ES-MA\",\"sendCurrency\":\"EUR\","
                        + "\"receiveCurrency\":\"MAD\",\"sendAmount\":\"100.00\"}", "subscriptionId", "JSON string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void anInvalidBodyIsRefusedWithTheViolatedRule(String name, String body, String field, String rule) {
        given().auth().oauth2(Tokens.forSubscription(SUB)).contentType(ContentType.JSON).header("Idempotency-Key", newKey())
                .body(body).when().post("/v1/quotes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("request.invalid"))
                .body("violations.field", hasItem(field))
                .body("violations.find { it.field == '" + field + "' }.rule", org.hamcrest.Matchers.containsString(rule));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void aBodyThatIsNotOneJsonObjectIsMalformed(String name, String body) {
        given().auth().oauth2(Tokens.forSubscription(SUB)).contentType(ContentType.JSON).header("Idempotency-Key", newKey())
                .body(body).when().post("/v1/quotes")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("request.malformed"));
    }

    static Stream<Arguments> malformedBodies() {
        String valid = Api.esMa(SUB, "100.00");
        return Stream.of(
                Arguments.of("truncated", valid.substring(0, valid.length() - 3)),
                Arguments.of("array", "[" + valid + "]"),
                Arguments.of("trailing data", valid + "{}"),
                Arguments.of("duplicate member", valid.replace("}", ",\"sendAmount\":\"900.00\"}")),
                Arguments.of("empty", ""));
    }

    @Test
    void anUnknownCorridorOrOtherCurrenciesAreUnprocessable() {
        given().auth().oauth2(Tokens.forSubscription(SUB)).contentType(ContentType.JSON).header("Idempotency-Key", newKey())
                .body(Api.sendBody(SUB, "IT-MA", "EUR", "MAD", "100.00")).when().post("/v1/quotes")
                .then().statusCode(422).body("code", equalTo("quote.unknownCorridor"));
        given().auth().oauth2(Tokens.forSubscription(SUB)).contentType(ContentType.JSON).header("Idempotency-Key", newKey())
                .body(Api.sendBody(SUB, "ES-MA", "USD", "MAD", "100.00")).when().post("/v1/quotes")
                .then().statusCode(422).body("code", equalTo("quote.currencyMismatch"));
    }

    @Test
    void aMissingOrInvalidIdempotencyKeyIsRefused() {
        given().auth().oauth2(Tokens.forSubscription(SUB)).contentType(ContentType.JSON)
                .body(Api.esMa(SUB, "100.00")).when().post("/v1/quotes")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("idempotency.keyMissing"));
        given().auth().oauth2(Tokens.forSubscription(SUB)).contentType(ContentType.JSON).header("Idempotency-Key", "x".repeat(129))
                .body(Api.esMa(SUB, "100.00")).when().post("/v1/quotes")
                .then().statusCode(400).body("code", equalTo("idempotency.keyInvalid"));
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        given().auth().oauth2(Tokens.forSubscription(SUB)).contentType(ContentType.TEXT).header("Idempotency-Key", newKey())
                .body(Api.esMa(SUB, "100.00")).when().post("/v1/quotes")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void aMissingExpiredForeignOrUnverifiableTokenIsUnauthorized() {
        for (String token : new String[] {Tokens.expired(SUB), Tokens.fromOtherIssuer(SUB), Tokens.signedByUnknownKey(SUB), "not.a.jwt"}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", newKey())
                    .body(Api.esMa(SUB, "100.00")).when().post("/v1/quotes")
                    .then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer").body("code", equalTo("auth.unauthorized"));
        }
        given().contentType(ContentType.JSON).header("Idempotency-Key", newKey())
                .body(Api.esMa(SUB, "100.00")).when().post("/v1/quotes")
                .then().statusCode(401).body("code", equalTo("auth.unauthorized"));
    }
}
