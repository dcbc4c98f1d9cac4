package com.partnerplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.partnerplatform.deploy.support.KubectlKustomize;
import com.partnerplatform.deploy.support.Kustomize;
import com.partnerplatform.deploy.support.Repo;
import com.partnerplatform.deploy.support.Resources;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OverlayRenderingTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayRendersEveryServiceWithItsCompanionResourcesInTheOverlayNamespace(String overlay) {
        List<ObjectNode> rendered = Overlays.render(overlay);
        String ns = Overlays.NAMESPACE.get(overlay);

        for (String service : Repo.SERVICES) {
            for (String kind : List.of("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy")) {
                assertThat(Resources.find(rendered, kind, service)).as("%s %s in %s", kind, service, overlay).isPresent();
            }
            assertThat(Resources.find(rendered, "ConfigMap", service + "-config")).isPresent();
            assertThat(Resources.find(rendered, "ExternalSecret", service + "-secrets")).isPresent();
            boolean hpa = !service.equals("signer-service");
            assertThat(Resources.find(rendered, "HorizontalPodAutoscaler", service).isPresent())
                    .as("HPA for %s", service).isEqualTo(hpa);
        }
        assertThat(Resources.ofKind(rendered, "Ingress")).extracting(Resources::name)
                .containsExactlyInAnyOrder("quote-service", "webhook-ingress", "ygg-hmac-gateway");
        assertThat(Resources.find(rendered, "NetworkPolicy", "default-deny-all")).isPresent();
        assertThat(Resources.get(rendered, "Namespace", ns).path("metadata").path("labels")
                .path("pod-security.kubernetes.io/enforce").asText()).isEqualTo("restricted");

        for (ObjectNode r : rendered) {
            if (!Resources.kind(r).equals("Namespace")) {
                assertThat(Resources.namespace(r)).as(Resources.id(r)).isEqualTo(ns);
            }
            assertThat(r.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText(null))
                    .as("part-of label on %s", Resources.id(r))
                    .isEqualTo(Resources.kind(r).equals("Namespace") ? null : "partner-platform");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayPointsEveryServiceAtTheRegistryImageWithTheOverlaysTag(String overlay) {
        String tag = overlay.equals("prod") ? "1.0.0" : "1.0.0-SNAPSHOT";
        for (String service : Repo.SERVICES) {
            JsonNode d = Resources.get(Overlays.render(overlay), "Deployment", service);
            JsonNode container = d.path("spec").path("template").path("spec").path("containers").get(0);
            assertThat(container.path("image").asText())
                    .isEqualTo("registry.example.com/partner-platform/" + service + ":" + tag);
            assertThat(d.path("spec").path("template").path("metadata").path("labels")
                    .path("app.kubernetes.io/environment").asText()).isEqualTo(overlay);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayPatchesReachTheirTargets(String overlay) {
        List<ObjectNode> r = Overlays.render(overlay);
        int min = overlay.equals("prod") ? 3 : 1;
        for (JsonNode hpa : Resources.ofKind(r, "HorizontalPodAutoscaler")) {
            assertThat(hpa.path("spec").path("minReplicas").asInt()).as(Resources.id(hpa)).isEqualTo(min);
        }
        assertThat(Resources.get(r, "Deployment", "signer-service").path("spec").path("replicas").asInt())
                .isEqualTo(overlay.equals("prod") ? 3 : 1);
        for (JsonNode ingress : Resources.ofKind(r, "Ingress")) {
            assertThat(ingress.path("metadata").path("annotations").path("cert-manager.io/cluster-issuer").asText())
                    .isEqualTo(overlay.equals("prod") ? "letsencrypt-prod" : "letsencrypt-staging");
            String host = ingress.path("spec").path("rules").get(0).path("host").asText();
            assertThat(host).endsWith(overlay.equals("prod") ? ".partner.example" : ".dev.partner.example")
                    .doesNotContain(overlay.equals("prod") ? ".dev." : "..");
            assertThat(ingress.path("spec").path("tls").get(0).path("hosts").get(0).asText()).isEqualTo(host);
        }
        String issuer = Resources.get(r, "ConfigMap", "quote-service-config").path("data").path("QUOTE_JWT_ISSUER").asText();
        assertThat(issuer).contains(overlay.equals("prod") ? "//auth.ycmt" : "//sandbox-auth.ycmt");
        // the declared environment matches the base URLs (platform-runtime refuses a start where they disagree)
        for (String service : List.of("quote-service", "signer-service", "webhook-ingress", "ygg-hmac-gateway")) {
            assertThat(Resources.get(r, "ConfigMap", service + "-config").path("data").path("PARTNER_ENVIRONMENT").asText())
                    .as("%s PARTNER_ENVIRONMENT in %s", service, overlay)
                    .isEqualTo(overlay.equals("prod") ? "production" : "sandbox");
        }
        if (overlay.equals("prod")) {
            JsonNode quote = Resources.get(r, "Deployment", "quote-service");
            JsonNode c = quote.path("spec").path("template").path("spec").path("containers").get(0);
            assertThat(c.path("resources").path("limits").path("memory").asText()).isEqualTo("768Mi");
            // the strategic merge kept the rest of the container
            assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        }
    }

    /**
     * The in-repo renderer must agree with the real kustomize wherever one is installed (kubectl embeds it);
     * this is what makes the other tests' view of the overlays trustworthy on machines without it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/overlays/dev", "deploy/k8s/overlays/prod", "deploy/k8s/kafka-topics", "deploy/otel"})
    void inRepoRendererMatchesKubectlKustomize(String dir) {
        var command = KubectlKustomize.command();
        Assumptions.assumeTrue(command.isPresent(), "neither kubectl nor kustomize on PATH");
        List<JsonNode> expected = KubectlKustomize.build(command.get(), Repo.path(dir));
        List<ObjectNode> actual = Kustomize.build(Repo.path(dir));
        assertThat(byId(actual)).isEqualTo(byId(expected));
    }

    private static Map<String, JsonNode> byId(List<? extends JsonNode> resources) {
        return resources.stream().collect(Collectors.toMap(Resources::id, Function.identity(), (a, b) -> {
            throw new AssertionError("duplicate resource " + Resources.id(a));
        }, TreeMap::new));
    }
}
