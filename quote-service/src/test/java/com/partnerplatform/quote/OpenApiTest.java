package com.partnerplatform.quote;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The quote API contract is published, with amounts documented as strings and bearer security. */
@QuarkusTest
class OpenApiTest {

    @Test
    void theQuoteApiIsDocumentedWithStringAmountsAndBearerSecurity() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/quotes'.post.parameters.name", hasItems("Idempotency-Key"))
                .body("paths.'/v1/quotes'.post.responses.'201'", notNullValue())
                .body("paths.'/v1/quotes'.post.responses.'403'.description", equalTo("quote.bindingMismatch"))
                .body("paths.'/v1/quotes/{quoteId}'.get", notNullValue())
                .body("paths.'/.well-known/jwks.json'.get", notNullValue())
                .body("components.schemas.QuoteRequest.properties.sendAmount.type", equalTo("string"))
                .body("components.schemas.Quote.properties.totalConsumerCost.type", equalTo("string"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }
}
