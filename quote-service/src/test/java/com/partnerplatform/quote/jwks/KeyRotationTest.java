package com.partnerplatform.quote.jwks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.quote.support.Api;
import com.partnerplatform.quote.support.NodeVerifier;
import com.partnerplatform.quote.support.SignerResource;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Key rotation in the real signer while quotes keep flowing: the new key is in the published JWKS
 * before the first quote it signs, the old one stays for the overlap, and every quote issued
 * before, during and after verifies - at issue time against the JWKS of that moment, and at the
 * end with the independent npm jose through the JWKS URL.
 */
@QuarkusTest
class KeyRotationTest {

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwksUrl;

    /** A quote as issued, checked against the JWKS served at that moment. */
    record Issued(String jws, String kid, Instant at, boolean verifiedThen) {
    }

    @Test
    void quotesKeepVerifyingThroughAKeyRotation() throws Exception {
        assumeFalse(SignerResource.isDevStandIn(), "needs the real signer's rotation");
        Api.freshRates(Instant.now());
        String subscription = Api.newSubscription();
        String oldKid = issue(subscription).kid();

        // read while the traffic thread appends: copy-on-write, so the polling below never races it
        List<Issued> issued = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            while (running.get()) {
                issued.add(issue(subscription));
            }
        }, "rotation-traffic");
        traffic.start();

        Thread.sleep(500);
        HttpResponse<String> rotation = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(SignerResource.url() + "/admin/keys/rotate"))
                .header("Authorization", "Bearer " + SignerResource.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rotation.statusCode()).as(rotation.body()).isEqualTo(202);
        String newKid = Json.MAPPER.readTree(rotation.body()).path("kid").asText();
        assertThat(newKid).isNotBlank().isNotEqualTo(oldKid);

        Instant newKeyPublishedAt = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (newKeyPublishedAt == null && jwks().find(newKid).isPresent()) {
                    newKeyPublishedAt = Instant.now();
                }
                if (issued.stream().filter(q -> q.kid().equals(newKid)).count() >= 3) {
                    break;
                }
                Thread.sleep(100);
            }
        } finally {
            running.set(false);
            traffic.join(30_000);
        }

        List<Issued> all = List.copyOf(issued);
        List<Issued> byNewKey = all.stream().filter(q -> q.kid().equals(newKid)).toList();
        assertThat(byNewKey).as("quotes signed by the new key").hasSizeGreaterThanOrEqualTo(3);
        assertThat(all.stream().filter(q -> q.kid().equals(oldKid)).count()).as("quotes signed by the old key").isPositive();
        // the new key was served before the first quote it signed
        assertThat(newKeyPublishedAt).isNotNull().isBefore(byNewKey.get(0).at());
        // every quote verified against the JWKS served when it was issued
        assertThat(all).allSatisfy(q -> assertThat(q.verifiedThen()).as("quote by %s verified at issue", q.kid()).isTrue());
        // the overlap: both keys are published, and an independent verifier accepts every quote
        assertThat(jwks().find(oldKid)).isPresent();
        assertThat(jwks().find(newKid)).isPresent();
        List<JsonNode> results = NodeVerifier.verify(jwksUrl.toString(), all.stream().map(Issued::jws).toList());
        assertThat(results).hasSize(all.size()).allSatisfy(r -> {
            assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.path("canonical").asBoolean()).isTrue();
        });
    }

    private Issued issue(String subscription) {
        Response response = Api.post(subscription, Api.newKey(), Api.esMa(subscription, "100.00"));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        String jws = response.path("jws");
        boolean verified = new LocalVerifier(jwks(), Clock.systemUTC()).verify(jws, Artefact.QUOTE).ok();
        return new Issued(jws, response.path("kid"), Instant.now(), verified);
    }

    private static Jwks jwks() {
        return Jwks.parse(given().when().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
    }
}
