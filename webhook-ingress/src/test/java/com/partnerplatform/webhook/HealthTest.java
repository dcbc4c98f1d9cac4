package com.partnerplatform.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import com.partnerplatform.testsupport.KafkaResource;
import com.partnerplatform.testsupport.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class HealthTest {

    @Test
    void theServiceReportsReadyWithItsDependenciesUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
