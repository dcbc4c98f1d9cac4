package com.partnerplatform.ygg;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import com.partnerplatform.testsupport.KafkaResource;
import com.partnerplatform.testsupport.PostgresResource;
import com.partnerplatform.ygg.testing.AuditTopicResource;
import com.partnerplatform.ygg.testing.RecordingUpstreamResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RecordingUpstreamResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AuditTopicResource.class, restrictToAnnotatedClass = false)
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
