package com.partnerplatform.signer.custody.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.partnerplatform.signer.Quotes;
import com.partnerplatform.signer.custody.CustodyKey;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;

/**
 * Runs the Vault adapter against a real Vault when VAULT_ADDR and VAULT_TOKEN are set (skipped
 * otherwise): the transit engine must be mounted at VAULT_TRANSIT_MOUNT (default transit) and the
 * token allowed to create, read, rotate, configure and sign with keys named signer-it-*.
 */
class RealVaultTest {

    @Test
    void aQuoteSignedByARealVaultVerifiesAsRs256BeforeAndAfterRotation() throws Exception {
        String address = System.getenv("VAULT_ADDR");
        String token = System.getenv("VAULT_TOKEN");
        assumeTrue(address != null && !address.isBlank() && token != null && !token.isBlank(),
                "VAULT_ADDR and VAULT_TOKEN not set: no real Vault to test against");
        String mount = System.getenv().getOrDefault("VAULT_TRANSIT_MOUNT", "transit");
        String keyName = "signer-it-" + UUID.randomUUID();
        VaultTransitClient client = new VaultTransitClient(URI.create(address), mount, Duration.ofSeconds(10), () -> token);
        VaultTransitCustody custody = new VaultTransitCustody(client, "pr-", keyName, 256).start(true, "rsa-2048");

        for (int round = 0; round < 2; round++) {
            CustodyKey latest = custody.keys().get(custody.keys().size() - 1);
            var key = custody.signingKey(latest.kid()).orElseThrow();
            String jws = CompactJws.sign(Artefact.QUOTE, Quotes.claims(Quotes.newQuoteId()), key);
            var report = new LocalVerifier(Jwks.of(Jwk.of(key)), Clock.systemUTC()).verify(jws, Artefact.QUOTE);
            assertThat(report.ok()).as(report.toString()).isTrue();
            assertThat(latest.kid()).isEqualTo("pr-" + keyName + "-v" + (round + 1));
            custody.createKey();
        }
        assertThat(custody.health().up()).isTrue();
    }
}
