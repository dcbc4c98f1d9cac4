package com.partnerplatform.signer.custody.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerplatform.signer.Quotes;
import com.partnerplatform.signer.custody.CustodyKey;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;
import com.partnerplatform.ycmt.signatures.SigningException;
import com.partnerplatform.ycmt.signatures.SigningKey;

class VaultTransitCustodyTest {

    private static final String TOKEN = "s.fake-vault-token-for-tests";
    private static final String KEY = "quote-signing";

    private FakeVaultTransit vault;
    private VaultTransitCustody custody;

    @BeforeEach
    void startVault() throws Exception {
        vault = new FakeVaultTransit(TOKEN);
        custody = new VaultTransitCustody(client(TOKEN), "pr-", KEY, 256).start(true, "rsa-2048");
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    private VaultTransitClient client(String token) {
        return new VaultTransitClient(vault.url(), "transit", Duration.ofSeconds(5), () -> token);
    }

    private static boolean verifiesAsRs256(RSAPublicKey key, byte[] input, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update(input);
        return verifier.verify(signature);
    }

    @Test
    void aMissingTransitKeyIsCreatedNotExportableAndItsVersionsBecomeKids() {
        FakeVaultTransit.Call create = vault.calls().stream()
                .filter(c -> c.method().equals("POST") && c.path().equals("keys/" + KEY)).findFirst().orElseThrow();
        assertThat(create.body().path("type").asText()).isEqualTo("rsa-2048");
        assertThat(create.body().path("exportable").asBoolean(true)).isFalse();

        assertThat(custody.keys()).singleElement().satisfies(k -> {
            assertThat(k.kid()).isEqualTo("pr-quote-signing-v1");
            assertThat(k.publicKey()).isEqualTo(vault.keyPair(KEY, 1).getPublic());
        });
        assertThat(custody.owns("pr-quote-signing-v12")).isTrue();
        assertThat(custody.owns("pr-quote-signing-vx")).isFalse();
        assertThat(custody.owns("pr-dev-1")).isFalse();
    }

    @Test
    void everySignCallAsksForPkcs1v15WithSha256AndTheExactKeyVersionInOneBatch() throws Exception {
        vault.clearCalls();
        List<byte[]> inputs = List.of("first.input".getBytes(StandardCharsets.US_ASCII),
                "second.input".getBytes(StandardCharsets.US_ASCII), "third".getBytes(StandardCharsets.US_ASCII));

        List<byte[]> signatures = custody.signBatch("pr-quote-signing-v1", inputs);

        assertThat(vault.calls()).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("sign/" + KEY);
            JsonNode body = call.body();
            assertThat(body.path("signature_algorithm").asText()).isEqualTo("pkcs1v15");
            assertThat(body.path("hash_algorithm").asText()).isEqualTo("sha2-256");
            assertThat(body.path("key_version").asInt()).isEqualTo(1);
            assertThat(body.path("batch_input")).hasSize(3);
            assertThat(body.path("batch_input").get(0).path("input").asText())
                    .isEqualTo(Base64.getEncoder().encodeToString(inputs.get(0)));
        });
        RSAPublicKey publicKey = (RSAPublicKey) vault.keyPair(KEY, 1).getPublic();
        for (int i = 0; i < inputs.size(); i++) {
            assertThat(verifiesAsRs256(publicKey, inputs.get(i), signatures.get(i))).as("signature " + i).isTrue();
        }
    }

    @Test
    void withoutExplicitOptionsVaultSignsPssWhichIsNotRs256() throws Exception {
        byte[] input = "signing.input".getBytes(StandardCharsets.US_ASCII);
        String body = "{\"input\":\"" + Base64.getEncoder().encodeToString(input) + "\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(vault.url() + "/v1/transit/sign/" + KEY)).header("X-Vault-Token", TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String signatureText = new ObjectMapper().readTree(response.body()).path("data").path("signature").asText();
        byte[] signature = VaultTransitCustody.decode(signatureText, 1);
        RSAPublicKey publicKey = (RSAPublicKey) vault.keyPair(KEY, 1).getPublic();

        assertThat(verifiesAsRs256(publicKey, input, signature)).as("a default Vault signature is not RS256").isFalse();
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 256 - 34, 1));
        pss.initVerify(publicKey);
        pss.update(input);
        assertThat(pss.verify(signature)).as("it is PSS").isTrue();
    }

    @Test
    void aQuoteSignedThroughVaultPassesTheSpecsLocalVerificationChecklist() throws Exception {
        SigningKey key = custody.signingKey("pr-quote-signing-v1").orElseThrow();
        String jws = CompactJws.sign(Artefact.QUOTE, Quotes.claims(Quotes.newQuoteId()), key);
        var report = new LocalVerifier(Jwks.of(Jwk.of(key)), Clock.systemUTC()).verify(jws, Artefact.QUOTE);
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.kid()).contains("pr-quote-signing-v1");
    }

    @Test
    void afterARotationEachKidSignsWithItsOwnVersion() throws Exception {
        CustodyKey v2 = custody.createKey();
        assertThat(v2.kid()).isEqualTo("pr-quote-signing-v2");
        assertThat(custody.keys()).extracting(CustodyKey::kid).containsExactly("pr-quote-signing-v1", "pr-quote-signing-v2");
        byte[] input = "x.y".getBytes(StandardCharsets.US_ASCII);

        byte[] byV1 = custody.signBatch("pr-quote-signing-v1", List.of(input)).get(0);

        assertThat(verifiesAsRs256((RSAPublicKey) vault.keyPair(KEY, 1).getPublic(), input, byV1)).isTrue();
        assertThat(verifiesAsRs256(v2.publicKey(), input, byV1)).isFalse();
        assertThat(verifiesAsRs256(v2.publicKey(), input, custody.signBatch(v2.kid(), List.of(input)).get(0))).isTrue();
    }

    @Test
    void activatingAVersionMakesVaultRefuseOlderVersions() throws Exception {
        CustodyKey v2 = custody.createKey();
        custody.activated(v2.kid());
        assertThat(vault.minEncryptionVersion(KEY)).isEqualTo(2);
        assertThatThrownBy(() -> custody.signBatch("pr-quote-signing-v1", List.of(new byte[] {1})))
                .isInstanceOf(SigningException.class).hasMessageContaining("HTTP 400");
    }

    @Test
    void aWrongTokenIsPermissionDeniedAndNeverAppearsInTheError() {
        VaultTransitCustody denied = new VaultTransitCustody(client("s.wrong-token"), "pr-", KEY, 256);
        assertThatThrownBy(() -> denied.start(false, "rsa-2048")).isInstanceOf(SigningException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("permission denied")
                .hasMessageNotContaining("s.wrong-token");
        assertThat(denied.health().up()).isFalse();
    }

    @Test
    void aServerErrorFailsTheCallAndTheNextCallSucceeds() throws Exception {
        vault.failNext(1, 503);
        assertThatThrownBy(() -> custody.signBatch("pr-quote-signing-v1", List.of(new byte[] {1})))
                .isInstanceOf(SigningException.class).hasMessageContaining("HTTP 503");
        assertThat(custody.signBatch("pr-quote-signing-v1", List.of(new byte[] {1}))).hasSize(1);
    }

    @Test
    void healthIsDownWhileVaultFailsAndUpAgainAfter() {
        assertThat(custody.health().up()).isTrue();
        vault.failNext(1, 500);
        assertThat(custody.health().up()).isFalse();
        assertThat(custody.health().up()).isTrue();
    }

    @Test
    void batchesLargerThanTheMaximumAreSplitIntoSeveralCalls() throws Exception {
        VaultTransitCustody small = new VaultTransitCustody(client(TOKEN), "pr-", KEY, 2).start(false, "rsa-2048");
        vault.clearCalls();
        List<byte[]> inputs = List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}, new byte[] {4}, new byte[] {5});
        List<byte[]> signatures = small.signBatch("pr-quote-signing-v1", inputs);
        assertThat(signatures).hasSize(5);
        assertThat(vault.calls()).extracting(c -> c.body().path("batch_input").size()).containsExactly(2, 2, 1);
        RSAPublicKey publicKey = (RSAPublicKey) vault.keyPair(KEY, 1).getPublic();
        for (int i = 0; i < inputs.size(); i++) {
            assertThat(verifiesAsRs256(publicKey, inputs.get(i), signatures.get(i))).isTrue();
        }
    }

    @Test
    void aSignatureOfAnotherVersionThanRequestedIsRefused() {
        assertThatThrownBy(() -> VaultTransitCustody.decode("vault:v3:AAAA", 2)).isInstanceOf(SigningException.class)
                .hasMessageContaining("version 3 instead of 2");
        assertThatThrownBy(() -> VaultTransitCustody.decode("AAAA", 2)).isInstanceOf(SigningException.class);
    }

    @Test
    void theTokenFileIsReadAtEachCall() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("vault-token", "");
        java.nio.file.Files.writeString(file, TOKEN + "\n");
        var source = VaultTransitClient.tokenSource(Optional.empty(), Optional.of(file));
        assertThat(source.get()).isEqualTo(TOKEN);
        java.nio.file.Files.writeString(file, "s.renewed");
        assertThat(source.get()).isEqualTo("s.renewed");
    }
}
