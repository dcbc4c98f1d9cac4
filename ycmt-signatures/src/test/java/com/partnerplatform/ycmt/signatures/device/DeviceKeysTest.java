package com.partnerplatform.ycmt.signatures.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;
import com.partnerplatform.ycmt.signatures.SigningKey;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceKeysTest {

    @Test
    void generatesRsa3072ByDefault() {
        SigningKey key = DeviceKeys.generate("device-key-001");
        assertThat(key.publicKey().getModulus().bitLength()).isEqualTo(3072);
        assertThat(key.publicKey().getPublicExponent().intValue()).isEqualTo(65537);
    }

    @Test
    void refusesParametersBelowRsa2048() {
        assertThatThrownBy(() -> DeviceKeys.generate("d", null, new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4)))
                .hasMessageContaining("RSA-1024");
    }

    @Test
    void namesAnUnavailableProviderInsteadOfFallingBackToSoftware() {
        assertThatThrownBy(() -> DeviceKeys.generate("d", "AndroidKeyStore", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AndroidKeyStore");
    }

    @Test
    void loadsAKeyFromAPkcs12StoreMadeByKeytoolAndSignsAVerifiableAssertion(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("device.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "device", "-dname", "CN=device",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        SigningKey key;
        try (InputStream in = Files.newInputStream(store)) {
            key = DeviceKeys.load("device-key-001", "PKCS12", null, "device", in, "changeit".toCharArray());
        }
        Clock clock = Clock.fixed(RegistrationProofBuilderTest.NOW, ZoneOffset.UTC);
        String proof = new RegistrationProofBuilder(clock)
                .registration("DREG-1", "challenge-value", RegistrationProofBuilderTest.EXPIRES).sign(key);

        assertThat(new LocalVerifier(Jwks.of(Jwk.of(key)), clock).verify(proof, Artefact.REGISTRATION_PROOF).ok()).isTrue();
    }

    @Test
    void loadNamesAMissingAlias(@TempDir Path dir) {
        assertThatThrownBy(() -> DeviceKeys.load("d", "PKCS12", null, "nope", null, "x".toCharArray()))
                .hasMessageContaining("nope");
    }

    /** Private key bytes must never be read: no production source may call getEncoded(). */
    @Test
    void noProductionCodeReadsKeyBytes() throws Exception {
        Path main = Path.of(System.getProperty("basedir", "."), "src/main/java");
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("getEncoded(");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
        assertThat(main.resolve("com/partnerplatform/ycmt/signatures/device/DeviceKeys.java")).exists();
        assertThat(offenders).isEmpty();
    }
}
