package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.deploy.support.ComposeChecker;
import com.partnerplatform.deploy.support.Repo;
import com.partnerplatform.deploy.support.Resources;
import com.partnerplatform.deploy.support.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/otel/collector.yaml: a coherent traces pipeline that strips credentials before anything is exported. */
class OtelCollectorConfigTest {

    private static final JsonNode CONFIG = Yaml.single(Repo.path("deploy/otel/collector.yaml"));

    private static List<String> list(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void tracesPipelineLimitsMemoryFirstStripsSecretsThenBatchesLast() {
        JsonNode traces = CONFIG.path("service").path("pipelines").path("traces");
        List<String> processors = list(traces.path("processors"));
        assertThat(processors).first().isEqualTo("memory_limiter");
        assertThat(processors).last().isEqualTo("batch");
        assertThat(processors).contains("attributes/strip-secrets", "redaction/credentials");
        assertThat(list(traces.path("receivers"))).containsExactly("otlp");
        assertThat(list(traces.path("exporters"))).isNotEmpty();
    }

    @Test
    void everyComponentAPipelineNamesIsDefined() {
        JsonNode pipelines = CONFIG.path("service").path("pipelines");
        pipelines.fields().forEachRemaining(p -> {
            for (String section : List.of("receivers", "processors", "exporters")) {
                for (String name : list(p.getValue().path(section))) {
                    assertThat(CONFIG.path(section).has(name)).as("%s %s of pipeline %s", section, name, p.getKey()).isTrue();
                }
            }
        });
        for (String ext : list(CONFIG.path("service").path("extensions"))) {
            assertThat(CONFIG.path("extensions").has(ext)).isTrue();
        }
    }

    @Test
    void credentialHeadersAreDeletedAndCredentialLookingValuesMasked() {
        List<String> deleted = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        for (JsonNode action : CONFIG.path("processors").path("attributes/strip-secrets").path("actions")) {
            if (action.path("action").asText().equals("delete")) {
                if (action.has("key")) {
                    deleted.add(action.path("key").asText());
                } else {
                    patterns.add(Pattern.compile(action.path("pattern").asText()));
                }
            }
        }
        assertThat(deleted).contains("http.request.header.authorization", "http.request.header.x-api-key",
                "http.request.header.x-api-signature", "http.response.header.x-api-signature",
                "http.request.header.webhook-signature", "http.request.header.cookie");
        // the pattern catches credential headers nobody listed
        assertThat(patterns).anyMatch(p -> p.matcher("http.request.header.x-vault-token").matches());
        assertThat(patterns).anyMatch(p -> p.matcher("http.request.header.x-partner-api-key").matches());
        assertThat(patterns).noneMatch(p -> p.matcher("http.request.header.x-correlation-id").matches());

        List<Pattern> blocked = new ArrayList<>();
        CONFIG.path("processors").path("redaction/credentials").path("blocked_values")
                .forEach(v -> blocked.add(Pattern.compile(v.asText())));
        for (String secret : List.of("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
                "whsec_ZGV2LW9ubHktaW5zZWN1cmUtd2ViaG9vay1zZWNyZXQ=", "hvs.CAESIabcdef", "-----BEGIN PRIVATE KEY-----")) {
            assertThat(blocked).as(secret).anyMatch(p -> p.matcher(secret).find());
        }
        assertThat(blocked).noneMatch(p -> p.matcher("QT-PARTNER-000123 EUR/MAD 10.9500").find());
    }

    @Test
    void servicesSendOtlpToTheCollectorsGrpcReceiverInComposeAndKubernetes() {
        String grpc = CONFIG.path("receivers").path("otlp").path("protocols").path("grpc").path("endpoint").asText();
        String port = grpc.substring(grpc.lastIndexOf(':') + 1);
        JsonNode compose = Yaml.single(Repo.path("docker-compose.yml")).path("services");
        assertThat(compose.path("otel-collector").path("volumes").toString()).contains("./deploy/otel/collector.yaml:");
        for (String service : Repo.SERVICES) {
            assertThat(ComposeChecker.environment(compose.path(service)).get("OTEL_EXPORTER_OTLP_ENDPOINT"))
                    .isEqualTo("http://otel-collector:" + port);
        }
        var rendered = Overlays.render("prod");
        for (String service : List.of("quote-service", "webhook-ingress", "ygg-hmac-gateway")) {
            assertThat(Resources.get(rendered, "ConfigMap", service + "-config").path("data")
                    .path("OTEL_EXPORTER_OTLP_ENDPOINT").asText())
                    .isEqualTo("http://otel-collector.observability.svc:" + port);
        }
        // the signer has no route to the collector, so its exporter is off rather than failing forever
        assertThat(Resources.get(rendered, "ConfigMap", "signer-service-config").path("data")
                .path("QUARKUS_OTEL_SDK_DISABLED").asText()).isEqualTo("true");
    }
}
