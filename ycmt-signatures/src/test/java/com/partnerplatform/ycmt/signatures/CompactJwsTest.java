package com.partnerplatform.ycmt.signatures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompactJwsTest {

    @Test
    void writesTheClosedCanonicalHeader() throws Exception {
        String jws = CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), Fixtures.rsa2048());

        String header = new String(Base64.getUrlDecoder().decode(jws.split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"alg\":\"RS256\",\"kid\":\"pr-key-01\",\"typ\":\"JWT\"}");
    }

    @Test
    void payloadPartIsTheCanonicalPayloadAndNoPartIsPadded() throws Exception {
        String jws = CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), Fixtures.rsa2048());

        String[] parts = jws.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(jws).doesNotContain("=", "+", "/");
        assertThat(Base64.getUrlDecoder().decode(parts[1])).isEqualTo(Jcs.canonicalize(Fixtures.quoteClaims()));
    }

    @Test
    void signatureIsRs256OverTheAsciiSigningInputAsTheJdkComputesIt() throws Exception {
        String jws = CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), Fixtures.rsa2048());

        int lastDot = jws.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(jws.substring(lastDot + 1));
        assertThat(signature).hasSize(256);
        assertThat(Fixtures.rawVerify((RSAPublicKey) Fixtures.pair2048().getPublic(), jws.substring(0, lastDot), signature)).isTrue();
    }

    @Test
    void batchPathOfSigningInputThenAssembleGivesTheSameJwsAsSign() throws Exception {
        SigningKey key = Fixtures.rsa3072();
        byte[] input = CompactJws.signingInput(Artefact.QUOTE, Fixtures.quoteClaims(), key.kid());

        String assembled = CompactJws.assemble(input, key.sign(input), key.publicKey());

        // RSASSA-PKCS1-v1_5 is deterministic, so both paths must produce identical text
        assertThat(assembled).isEqualTo(CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), key));
        assertThat(new String(input, StandardCharsets.US_ASCII)).isEqualTo(assembled.substring(0, assembled.lastIndexOf('.')));
    }

    @Test
    void assembleRefusesAPssSignatureLikeVaultsDefault() throws Exception {
        byte[] input = CompactJws.signingInput(Artefact.QUOTE, Fixtures.quoteClaims(), "pr-key-01");
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        pss.initSign(Fixtures.pair2048().getPrivate());
        pss.update(input);
        byte[] pssSignature = pss.sign();

        assertThatThrownBy(() -> CompactJws.assemble(input, pssSignature, Fixtures.rsa2048().publicKey()))
                .isInstanceOf(SigningException.class).hasMessageContaining("does not verify");
    }

    @Test
    void signRefusesACustodyThatSignsWithAnotherKey() {
        SigningKey lying = new SigningKey() {
            public String kid() {
                return "pr-key-01";
            }

            public RSAPublicKey publicKey() {
                return Fixtures.rsa2048().publicKey();
            }

            public byte[] sign(byte[] signingInput) throws SigningException {
                return Fixtures.otherRsa2048().sign(signingInput);
            }
        };

        assertThatThrownBy(() -> CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), lying)).isInstanceOf(SigningException.class);
    }

    @Test
    void invalidClaimsAreRejectedBeforeTheCustodyIsAsked() {
        AtomicInteger calls = new AtomicInteger();
        SigningKey counting = counting(Fixtures.rsa2048(), calls);
        Map<String, Object> claims = Fixtures.quoteClaims();
        claims.remove("subscription_id");

        assertThatThrownBy(() -> CompactJws.sign(Artefact.QUOTE, claims, counting))
                .isInstanceOfSatisfying(ClaimsException.class, e -> assertThat(e.claim()).isEqualTo("subscription_id"));
        assertThat(calls).hasValue(0);
    }

    @Test
    void anRsa1024CustodyIsRefusedBeforeItSigns() {
        AtomicInteger calls = new AtomicInteger();
        SigningKey small = new SigningKey() {
            public String kid() {
                return "small";
            }

            public RSAPublicKey publicKey() {
                return (RSAPublicKey) Fixtures.rsa1024().getPublic();
            }

            public byte[] sign(byte[] signingInput) {
                calls.incrementAndGet();
                return new byte[128];
            }
        };

        assertThatThrownBy(() -> CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), small))
                .isInstanceOf(SigningException.class).hasMessageContaining("RSA-1024");
        assertThat(calls).hasValue(0);
    }

    @Test
    void keyWrappersRefuseRsa1024() {
        assertThatThrownBy(() -> Fixtures.key("small", Fixtures.rsa1024())).hasMessageContaining("at least RSA-2048");
        assertThatThrownBy(() -> InMemorySigningKey.generate("small", 1024)).hasMessageContaining("RSA-1024");
    }

    @Test
    void inMemoryKeysDefaultToRsa3072AndSignVerifiably() throws Exception {
        InMemorySigningKey key = InMemorySigningKey.generate("dev-1");
        assertThat(key.publicKey().getModulus().bitLength()).isEqualTo(3072);
        assertThat(key.toString()).doesNotContain(key.publicKey().getModulus().toString(16).substring(0, 16));

        String jws = CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), key);
        int lastDot = jws.lastIndexOf('.');
        assertThat(Fixtures.rawVerify(key.publicKey(), jws.substring(0, lastDot),
                Base64.getUrlDecoder().decode(jws.substring(lastDot + 1)))).isTrue();
    }

    @Test
    void headerIsTheJcsFormOfTheClosedHeaderForKidsNeedingEscapes() {
        for (String kid : new String[] {"pr-key-01", "a\"b", "c\\d", "~!#$%&'()*+,-./:;<=>?@[]^_`{|}"}) {
            Map<String, Object> header = new java.util.LinkedHashMap<>();
            header.put("typ", "JWT");
            header.put("kid", kid);
            header.put("alg", "RS256");
            assertThat(CompactJws.header(kid)).as(kid).isEqualTo(Jcs.canonicalize(header));
        }
    }

    @Test
    void refusesAKidThatIsNotVisibleAscii() {
        assertThatThrownBy(() -> CompactJws.signingInput(Artefact.QUOTE, Fixtures.quoteClaims(), "pr key"))
                .hasMessageContaining("visible ASCII");
    }

    static SigningKey counting(SigningKey delegate, AtomicInteger calls) {
        return new SigningKey() {
            public String kid() {
                return delegate.kid();
            }

            public RSAPublicKey publicKey() {
                return delegate.publicKey();
            }

            public byte[] sign(byte[] signingInput) throws SigningException {
                calls.incrementAndGet();
                return delegate.sign(signingInput);
            }
        };
    }
}
