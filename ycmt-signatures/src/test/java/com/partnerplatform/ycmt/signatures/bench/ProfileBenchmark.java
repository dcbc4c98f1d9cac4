package com.partnerplatform.ycmt.signatures.bench;

import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.Fixtures;
import com.partnerplatform.ycmt.signatures.JcaSigningKey;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;
import com.partnerplatform.ycmt.signatures.VerificationReport;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the signature profile costs on top of RSA itself, one thread, same JDK provider and key:
 * {@code profile*} = validate + JCS + header + sign (+ self-verify) and the full 10-step local
 * verification; {@code bare*} = plain SHA256withRSA sign and verify of the same signing input.
 * Run: {@code mvn -B -pl ycmt-signatures -Pbench verify -DskipTests}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProfileBenchmark {

    @Param({"2048", "3072"})
    int bits;

    private KeyPair pair;
    private JcaSigningKey key;
    private Map<String, Object> claims;
    private LocalVerifier verifier;
    private byte[] signingInput;
    private byte[] signature;
    private String jws;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        pair = generator.generateKeyPair();
        key = Fixtures.key("bench-key", pair);
        claims = Fixtures.quoteClaims();
        verifier = new LocalVerifier(Jwks.of(Jwk.of(key)), Fixtures.DURING_VALIDITY);
        signingInput = CompactJws.signingInput(Artefact.QUOTE, claims, key.kid());
        signature = key.sign(signingInput);
        jws = CompactJws.sign(Artefact.QUOTE, claims, key);
    }

    /** The whole profile round trip: what a signer plus a verifier pay per quote. */
    @Benchmark
    public VerificationReport profileSignAndVerify() throws Exception {
        VerificationReport report = verifier.verify(CompactJws.sign(Artefact.QUOTE, claims, key), Artefact.QUOTE);
        if (!report.ok()) {
            throw new IllegalStateException(report.toString());
        }
        return report;
    }

    /** The RSA floor the profile is compared with. */
    @Benchmark
    public boolean bareSignAndVerify() throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(signingInput);
        byte[] sig = signer.sign();
        Signature checker = Signature.getInstance("SHA256withRSA");
        checker.initVerify((RSAPublicKey) pair.getPublic());
        checker.update(signingInput);
        return checker.verify(sig);
    }

    /** Breakdown: claim validation + JCS + header + base64url, no RSA at all. */
    @Benchmark
    public byte[] profileSigningInputOnly() {
        return CompactJws.signingInput(Artefact.QUOTE, claims, key.kid());
    }

    /** Breakdown: the 10-step checklist on a ready JWS (one RSA verify inside). */
    @Benchmark
    public VerificationReport profileVerifyOnly() {
        return verifier.verify(jws, Artefact.QUOTE);
    }

    /** Breakdown: one bare RSA verify. */
    @Benchmark
    public boolean bareVerifyOnly() throws Exception {
        Signature checker = Signature.getInstance("SHA256withRSA");
        checker.initVerify((RSAPublicKey) pair.getPublic());
        checker.update(signingInput);
        return checker.verify(signature);
    }
}
