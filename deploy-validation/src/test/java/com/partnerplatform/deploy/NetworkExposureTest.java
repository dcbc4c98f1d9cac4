package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.deploy.support.Repo;
import com.partnerplatform.deploy.support.Resources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who can reach what: the signer is closed, only three services are public, and only over TLS. */
class NetworkExposureTest {

    /** "namespace-label-value[/pod label]:protocol/port" for every peer and port of the policies selecting the pods. */
    private static Set<String> peers(List<? extends JsonNode> rendered, String service, String direction) {
        JsonNode labels = Resources.podTemplate(Resources.get(rendered, "Deployment", service)).path("metadata").path("labels");
        Set<String> out = new HashSet<>();
        for (JsonNode np : Resources.ofKind(rendered, "NetworkPolicy")) {
            if (!Resources.selects(np.path("spec").path("podSelector"), labels)) {
                continue;
            }
            for (JsonNode rule : np.path("spec").path(direction)) {
                List<String> who = new ArrayList<>();
                JsonNode list = rule.path(direction.equals("ingress") ? "from" : "to");
                if (list.size() == 0) {
                    who.add("ANY");
                }
                for (JsonNode p : list) {
                    if (p.has("ipBlock")) {
                        who.add("ip:" + p.path("ipBlock").path("cidr").asText());
                    } else {
                        String ns = p.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name")
                                .asText(p.has("namespaceSelector") ? "?" : "SAME");
                        StringBuilder pod = new StringBuilder();
                        p.path("podSelector").path("matchLabels").fields()
                                .forEachRemaining(e -> pod.append('/').append(e.getValue().asText()));
                        who.add(ns + pod);
                    }
                }
                if (rule.path("ports").size() == 0) {
                    who.forEach(w -> out.add(w + ":ANY"));
                }
                for (JsonNode port : rule.path("ports")) {
                    who.forEach(w -> out.add(w + ":" + port.path("protocol").asText("TCP") + "/" + port.path("port").asText()));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void signerAcceptsOnlyMetricsScrapingFromMonitoring(String overlay) {
        assertThat(peers(Overlays.render(overlay), "signer-service", "ingress"))
                .containsExactly("monitoring/prometheus:TCP/8082");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void signerReachesOnlyDnsKafkaAndVault(String overlay) {
        assertThat(peers(Overlays.render(overlay), "signer-service", "egress")).containsExactlyInAnyOrder(
                "kube-system/kube-dns:UDP/53", "kube-system/kube-dns:TCP/53", "kafka:TCP/9092", "vault:TCP/8200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void publicServicesAcceptTrafficOnlyFromTheIngressControllerAndPrometheus(String overlay) {
        var rendered = Overlays.render(overlay);
        for (String service : List.of("quote-service", "webhook-ingress", "ygg-hmac-gateway")) {
            String port = Resources.get(rendered, "Service", service).path("spec").path("ports").get(0).path("port").asText();
            assertThat(peers(rendered, service, "ingress")).as(service)
                    .containsExactlyInAnyOrder("ingress-nginx:TCP/" + port, "monitoring/prometheus:TCP/" + port);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noEgressRuleIsOpenToEverything(String overlay) {
        var rendered = Overlays.render(overlay);
        for (String service : Repo.SERVICES) {
            assertThat(peers(rendered, service, "egress")).as(service)
                    .noneMatch(p -> p.startsWith("ANY") || p.endsWith(":ANY") || p.startsWith("?"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void ingressRoutesOnlyThePublicPathsOfThePublicServicesOverTls(String overlay) {
        var rendered = Overlays.render(overlay);
        List<JsonNode> ingresses = Resources.ofKind(rendered, "Ingress");
        Set<String> routes = new HashSet<>();
        for (JsonNode ingress : ingresses) {
            JsonNode spec = ingress.path("spec");
            JsonNode annotations = ingress.path("metadata").path("annotations");
            assertThat(annotations.path("nginx.ingress.kubernetes.io/force-ssl-redirect").asText()).isEqualTo("true");
            Set<String> tlsHosts = new HashSet<>();
            spec.path("tls").forEach(t -> {
                assertThat(t.path("secretName").asText()).isNotBlank();
                t.path("hosts").forEach(h -> tlsHosts.add(h.asText()));
            });
            for (JsonNode rule : spec.path("rules")) {
                assertThat(tlsHosts).as("TLS for host %s", rule.path("host").asText()).contains(rule.path("host").asText());
                for (JsonNode p : rule.path("http").path("paths")) {
                    String backend = p.path("backend").path("service").path("name").asText();
                    routes.add(backend + " " + p.path("pathType").asText() + " " + p.path("path").asText());
                    // an HTTPS-only service is reached over HTTPS, on its https port
                    boolean https = ComposeStructureTest.Ports.httpsOnly(backend);
                    assertThat(annotations.path("nginx.ingress.kubernetes.io/backend-protocol").asText("HTTP"))
                            .as(backend).isEqualTo(https ? "HTTPS" : "HTTP");
                    assertThat(p.path("backend").path("service").path("port").path("name").asText())
                            .isEqualTo(https ? "https" : "http");
                }
            }
        }
        assertThat(routes).containsExactlyInAnyOrder(
                "quote-service Prefix /v1/quotes",
                "quote-service Exact /.well-known/jwks.json",
                "webhook-ingress Exact /webhooks/ycmt",
                "ygg-hmac-gateway Prefix /api/v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyNetworkPolicyTypeIsDeclaredSoThatAnEmptyRuleListMeansDeny(String overlay) {
        for (JsonNode np : Resources.ofKind(Overlays.render(overlay), "NetworkPolicy")) {
            Set<String> types = new HashSet<>();
            np.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
            assertThat(types).as(Resources.id(np)).containsExactlyInAnyOrder("Ingress", "Egress");
        }
    }
}
