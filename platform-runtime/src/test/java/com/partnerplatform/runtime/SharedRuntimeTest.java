package com.partnerplatform.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SharedRuntimeTest {

    @Test
    void aSafeCorrelationIdFromTheCallerIsUsedAndEchoed() {
        given().header("X-Correlation-Id", "corr-123")
                .when().get("/probe/correlation")
                .then().statusCode(200)
                .header("X-Correlation-Id", "corr-123")
                .body(equalTo("corr-123"));
    }

    @Test
    void aMissingCorrelationIdIsGenerated() {
        String generated = given().when().get("/probe/correlation")
                .then().statusCode(200).header("X-Correlation-Id", not(emptyOrNullString()))
                .extract().header("X-Correlation-Id");

        assertThat(generated).matches("[0-9a-f-]{36}");
    }

    @Test
    void anUnsafeCorrelationIdIsReplacedNotEchoed() {
        String echoed = given().header("X-Correlation-Id", "x\" onmouseover=alert(1)")
                .when().get("/probe/correlation")
                .then().statusCode(200).extract().header("X-Correlation-Id");

        assertThat(echoed).matches("[0-9a-f-]{36}");
    }

    @Test
    void aProblemExceptionAnswersProblemJsonWithTheSpecCode() {
        given().header("X-Correlation-Id", "corr-expired")
                .when().get("/probe/expired")
                .then().statusCode(410)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("quote.expired"))
                .body("type", equalTo("urn:partner-platform:problem:quote.expired"))
                .body("status", equalTo(410))
                .body("correlationId", equalTo("corr-expired"))
                .body("violations[0].field", equalTo("exp"));
    }

    @Test
    void anUnavailableDependencyAnswers503WithRetryAfter() {
        given().when().get("/probe/busy")
                .then().statusCode(503)
                .header("Retry-After", "2")
                .body("code", equalTo("signer.unavailable"));
    }

    @Test
    void malformedJsonAnswers400WithASpecificCode() {
        given().contentType("application/json").body("{\"name\": \"x\", ")
                .when().post("/probe/json")
                .then().statusCode(400)
                .body("code", equalTo("request.malformed"));
    }

    @Test
    void aWrongContentTypeAnswers415() {
        given().contentType("text/plain").body("hello")
                .when().post("/probe/json")
                .then().statusCode(415)
                .body("code", equalTo("request.unsupportedMediaType"));
    }

    @Test
    void anUnexpectedFailureAnswersAGeneric500AndLogsNoSecret() throws Exception {
        String secret = "planted-secret-" + System.nanoTime();

        given().header("X-Correlation-Id", "corr-boom").queryParam("secret", secret)
                .when().get("/probe/boom")
                .then().statusCode(500)
                .body("code", equalTo("internal.error"))
                .body("detail", not(org.hamcrest.Matchers.containsString(secret)));

        Path log = Path.of("target/runtime-test.log");
        Awaitility.await().until(() -> Files.exists(log) && Files.readString(log).contains("corr-boom"));
        String logged = Files.readString(log);
        assertThat(logged).doesNotContain(secret).contains("[REDACTED]").contains("IllegalStateException");
    }

    @Test
    void logsArePlainTextOutsideTheProdProfile() {
        // platform-runtime's shipped default; JsonLogsInProdTest covers the prod side
        org.assertj.core.api.Assertions.assertThat(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.log.console.json.enabled", Boolean.class)).isFalse();
    }

    @Test
    void healthIsServed() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }
}
