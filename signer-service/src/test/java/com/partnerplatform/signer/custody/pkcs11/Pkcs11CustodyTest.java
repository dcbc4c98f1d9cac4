package com.partnerplatform.signer.custody.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.partnerplatform.signer.Quotes;
import com.partnerplatform.signer.custody.CustodyKey;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;

/** The PKCS#11 custody on a real SoftHSM2 token (see {@link SoftHsmToken} for the environment). */
class Pkcs11CustodyTest {

    private static final String PIN = "1234-" + UUID.randomUUID().toString().substring(0, 8);
    private static String label;
    private static Pkcs11Custody custody;
    private static CustodyKey key;

    @BeforeAll
    static void createTokenAndKey() throws Exception {
        Path config = SoftHsmToken.prepareConfig();
        label = "signer-test-" + UUID.randomUUID().toString().substring(0, 8);
        SoftHsmToken.initToken(config, label, PIN);
        custody = Pkcs11Custody.open(SoftHsmToken.LIBRARY, label, Optional.empty(), PIN.toCharArray(), "pr-", 3072,
                Clock.systemUTC());
        assertThat(custody.keys()).as("a new token holds no keys").isEmpty();
        key = custody.createKey();
    }

    private static PrivateKey tokenPrivateKey(String kid) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS11", custody.provider());
        keyStore.load(null, PIN.toCharArray());
        return (PrivateKey) keyStore.getKey(kid, null);
    }

    @Test
    void aCreatedKeyIsAnRsa3072TokenKeyListedUnderItsKid() {
        assertThat(key.kid()).startsWith("pr-p11-");
        assertThat(key.bits()).isEqualTo(3072);
        assertThat(custody.keys()).extracting(CustodyKey::kid).contains(key.kid());
    }

    @Test
    void thePrivateKeyIsSensitiveAndNonExtractable() throws Exception {
        PrivateKey privateKey = tokenPrivateKey(key.kid());
        assertThat(privateKey.getEncoded()).as("no encoding leaves the token").isNull();
        // SunPKCS11 reads CKA_TOKEN, CKA_SENSITIVE and CKA_EXTRACTABLE from the token into this description
        assertThat(privateKey.toString()).contains("token object").contains("sensitive").contains("unextractable");
        assertThatThrownBy(() -> KeyFactory.getInstance("RSA", custody.provider())
                .getKeySpec(privateKey, RSAPrivateCrtKeySpec.class)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> KeyFactory.getInstance("RSA").getKeySpec(privateKey, RSAPrivateCrtKeySpec.class))
                .isInstanceOf(Exception.class);
    }

    @Test
    void thePrivateKeyCannotDecrypt() throws Exception {
        Cipher encrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        encrypt.init(Cipher.ENCRYPT_MODE, key.publicKey());
        byte[] ciphertext = encrypt.doFinal("secret".getBytes(StandardCharsets.UTF_8));
        Cipher decrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding", custody.provider());
        assertThatThrownBy(() -> {
            decrypt.init(Cipher.DECRYPT_MODE, tokenPrivateKey(key.kid()));
            decrypt.doFinal(ciphertext);
        }).as("CKA_DECRYPT=false").hasStackTraceContaining("CKR_KEY_FUNCTION_NOT_PERMITTED");
    }

    @Test
    void signaturesAreRs256UnderThePublishedPublicKey() throws Exception {
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = custody.signBatch(key.kid(), List.of(input)).get(0);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key.publicKey());
        verifier.update(input);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void aQuoteSignedInTheTokenPassesTheSpecsLocalVerificationChecklist() throws Exception {
        var signingKey = custody.signingKey(key.kid()).orElseThrow();
        String jws = CompactJws.sign(Artefact.QUOTE, Quotes.claims(Quotes.newQuoteId()), signingKey);
        var report = new LocalVerifier(Jwks.of(Jwk.of(signingKey)), Clock.systemUTC()).verify(jws, Artefact.QUOTE);
        assertThat(report.ok()).as(report.toString()).isTrue();
    }

    @Test
    void keysPersistInTheTokenAcrossProviderInstances() throws Exception {
        Pkcs11Custody reopened = Pkcs11Custody.open(SoftHsmToken.LIBRARY, label, Optional.empty(), PIN.toCharArray(), "pr-",
                3072, Clock.systemUTC());
        assertThat(reopened.keys()).filteredOn(k -> k.kid().equals(key.kid())).singleElement()
                .satisfies(k -> assertThat(k.publicKey()).isEqualTo(key.publicKey()));
    }

    @Test
    void aDestroyedKeyIsDeletedFromTheToken() throws Exception {
        CustodyKey doomed = custody.createKey();
        assertThat(custody.signingKey(doomed.kid())).isPresent();
        custody.destroy(doomed.kid());
        assertThat(custody.signingKey(doomed.kid())).isEmpty();
        assertThat(tokenPrivateKey(doomed.kid())).isNull();
        assertThat(custody.signingKey(key.kid())).as("other keys stay").isPresent();
    }

    @Test
    void anUnknownTokenLabelNamesTheLabelsFound() {
        assertThatThrownBy(() -> Pkcs11SlotResolver.slotOf(SoftHsmToken.LIBRARY, "no-such-token"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-token").hasMessageContaining(label);
    }

    @Test
    void theCustodyReportsHealthyWhileTheTokenAnswers() {
        assertThat(custody.health().up()).isTrue();
    }
}
