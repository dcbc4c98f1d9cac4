package com.partnerplatform.quote;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.partnerplatform.quote.support.SignerResource;
import com.partnerplatform.quote.support.TestIssuer;
import com.partnerplatform.testsupport.KafkaResource;
import com.partnerplatform.quote.support.RestartablePostgres;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RestartablePostgres.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TestIssuer.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SignerResource.class, restrictToAnnotatedClass = false)
class HealthTest {

    @Test
    void theServiceReportsReadyWithItsDependenciesUp() {
        // Kafka channels report ready once their partitions are assigned, a few seconds after start
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
