package com.partnerplatform.quote.support;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The quote API as a partner app calls it. */
public final class Api {

    public static final String ADMIN_TOKEN = "test-operator-token-0123456789";

    private Api() {
    }

    public static String newSubscription() {
        return "SUB-" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }

    public static String newKey() {
        return "idem-" + UUID.randomUUID();
    }

    /** {@code {"subscriptionId":...,"corridor":...,"sendCurrency":...,"receiveCurrency":...,"sendAmount":"..."}} */
    public static String sendBody(String subscription, String corridor, String sendCurrency, String receiveCurrency, String sendAmount) {
        return "{\"subscriptionId\":\"" + subscription + "\",\"corridor\":\"" + corridor + "\",\"sendCurrency\":\""
                + sendCurrency + "\",\"receiveCurrency\":\"" + receiveCurrency + "\",\"sendAmount\":\"" + sendAmount + "\"}";
    }

    public static String esMa(String subscription, String sendAmount) {
        return sendBody(subscription, "ES-MA", "EUR", "MAD", sendAmount);
    }

    public static RequestSpecification customer(String subscription) {
        return given().auth().oauth2(Tokens.forSubscription(subscription));
    }

    public static Response post(String subscription, String idempotencyKey, String body) {
        return customer(subscription).contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey)
                .body(body).when().post("/v1/quotes");
    }

    /** Publishes the market rates the corridors need, stamped now (the service's clock). */
    public static void freshRates(Instant asOf) {
        rate("EUR/MAD", "10.9596", asOf);
        rate("EUR/XOF", "655.957", asOf);
        rate("EUR/PHP", "64.1200", asOf);
    }

    public static void rate(String pair, String rate, Instant asOf) {
        given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{\"pair\":\"" + pair + "\",\"rate\":\"" + rate + "\",\"source\":\"test\",\"asOf\":\"" + asOf + "\"}")
                .when().post("/admin/fx-rates").then().statusCode(200);
    }
}
