package com.partnerplatform.runtime.logging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The prod profile logs JSON lines (platform-runtime's own %prod default, no service setting): each line
 * of a request carries its X-Correlation-Id as an MDC field and the secret redaction still applies.
 * The console and a file handler get the same JSON formatter; the file lets the test read what was logged.
 */
@QuarkusTest
@TestProfile(JsonLogsInProdTest.Prod.class)
class JsonLogsInProdTest {

    static final Path LOG = Path.of("target/runtime-json-test.log");

    public static class Prod implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0", "quarkus.log.file.json.enabled", "true",
                    "quarkus.log.file.path", LOG.toString());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theProdProfileSwitchesTheConsoleToJsonFromPlatformRuntimesDefaults() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.log.console.json.enabled", Boolean.class)).isTrue();
        assertThat(ConfigProvider.getConfig().getConfigValue("quarkus.log.console.json.enabled").getSourceName())
                .contains("microprofile-config.properties");
    }

    @Test
    void everyLineOfARequestCarriesTheCorrelationIdAndSecretsAreRedactedInJson() throws Exception {
        String secret = "planted-json-secret-" + System.nanoTime();
        String correlationId = "corr-json-" + System.nanoTime();

        given().header("X-Correlation-Id", correlationId).queryParam("secret", secret)
                .when().get("/probe/boom")
                .then().statusCode(500);

        Awaitility.await().until(() -> Files.exists(LOG) && Files.readString(LOG).contains(correlationId)
                && Files.readString(LOG).contains("unexpected failure on /probe/boom"));
        String logged = Files.readString(LOG);
        assertThat(logged).doesNotContain(secret).contains("[REDACTED]");

        List<JsonNode> requestLines = logged.lines().filter(line -> line.contains(correlationId))
                .map(JsonLogsInProdTest::parse).toList();
        // the probe's own line (an Authorization header) and the 500 mapper's line (with the exception)
        assertThat(requestLines).allSatisfy(line -> assertThat(line.path("mdc").path("correlationId").asText())
                .isEqualTo(correlationId));
        assertThat(requestLines).anySatisfy(line -> assertThat(line.path("message").asText())
                .isEqualTo("calling upstream with Authorization: Bearer [REDACTED]"));
        assertThat(requestLines).anySatisfy(line -> {
            assertThat(line.path("message").asText()).isEqualTo("unexpected failure on /probe/boom");
            // the exception is the redacted stand-in: message masked, the original frames kept
            assertThat(line.path("exception").path("message").asText()).isEqualTo("upstream refused password=[REDACTED]");
            assertThat(line.path("exception").path("frames").toString()).contains("ProbeResource");
        });
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
