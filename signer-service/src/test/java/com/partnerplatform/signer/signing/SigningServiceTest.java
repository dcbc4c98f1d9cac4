package com.partnerplatform.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.partnerplatform.signer.Quotes;
import com.partnerplatform.signer.custody.DevBackedCustody;
import com.partnerplatform.signer.keys.InMemoryKeyFeed;
import com.partnerplatform.signer.keys.KeyRing;
import com.partnerplatform.signer.keys.RotationPolicy;
import com.partnerplatform.ycmt.signatures.SigningException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class SigningServiceTest {

    /** A custody that can fail, or answer with a signature by another key. */
    static final class FaultyCustody extends DevBackedCustody {
        final AtomicInteger failuresLeft = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        volatile PrivateKey impostor;

        @Override
        public String name() {
            return "faulty";
        }

        @Override
        public List<byte[]> signBatch(String kid, List<byte[]> inputs) throws SigningException {
            calls.incrementAndGet();
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SigningException("backing store unavailable");
            }
            if (impostor == null) {
                return delegate.signBatch(kid, inputs);
            }
            List<byte[]> signatures = new ArrayList<>();
            for (byte[] input : inputs) {
                try {
                    Signature s = Signature.getInstance("SHA256withRSA");
                    s.initSign(impostor);
                    s.update(input);
                    signatures.add(s.sign());
                } catch (Exception e) {
                    throw new SigningException("impostor failed", e);
                }
            }
            return signatures;
        }
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final FaultyCustody custody = new FaultyCustody();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private SigningService service(String selfCheck) throws Exception {
        KeyRing ring = new KeyRing(custody, new InMemoryKeyFeed(), new RotationPolicy(Duration.ofMinutes(15),
                Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Optional.empty()), Clock.systemUTC());
        ring.start();
        return new SigningService(ring, custody, pool, 2, 2, Duration.ofMillis(10),
                new SignerMetrics(new SimpleMeterRegistry()), selfCheck);
    }

    private static List<RequestIntake.Accepted> accepted(int n) {
        RequestIntake intake = new RequestIntake(Quotes.PARTNER_ID, Duration.ofMinutes(15), Duration.ofSeconds(30), 16384);
        List<RequestIntake.Accepted> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] body = Quotes.json(Quotes.request(Quotes.claims(Quotes.newQuoteId()))).getBytes();
            list.add((RequestIntake.Accepted) intake.read("k", body, null, Instant.now()));
        }
        return list;
    }

    @Test
    void everyRequestOfABatchIsSignedInOrderAcrossTheSigningThreads() throws Exception {
        List<RequestIntake.Accepted> requests = accepted(5);
        List<SigningService.Result> results = service("signature").sign(requests);
        assertThat(results).hasSize(5).allMatch(r -> r instanceof SigningService.Signed);
        assertThat(custody.calls.get()).as("two chunks for two threads").isEqualTo(2);
        for (int i = 0; i < 5; i++) {
            String payload = ((SigningService.Signed) results.get(i)).jws().split("\\.")[1];
            String json = new String(java.util.Base64.getUrlDecoder().decode(payload));
            assertThat(json).contains("\"quote_id\":\"" + requests.get(i).quoteId() + "\"");
        }
    }

    @Test
    void aSignatureByAnotherKeyIsNeverSentInEitherSelfCheckMode() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        custody.impostor = generator.generateKeyPair().getPrivate();
        for (String mode : List.of("signature", "checklist")) {
            List<SigningService.Result> results = service(mode).sign(accepted(2));
            assertThat(results).as(mode).allSatisfy(r -> {
                assertThat(r).isInstanceOf(SigningService.Failed.class);
                assertThat(((SigningService.Failed) r).detail()).contains("does not verify");
            });
        }
    }

    @Test
    void aTransientCustodyFailureIsRetried() throws Exception {
        SigningService service = service("checklist");
        custody.failuresLeft.set(2);
        List<SigningService.Result> results = service.sign(accepted(1));
        assertThat(results).singleElement().isInstanceOf(SigningService.Signed.class);
        assertThat(custody.calls.get()).isEqualTo(3);
    }

    @Test
    void aCustodyThatKeepsFailingGivesUpAfterTheRetries() throws Exception {
        SigningService service = service("signature");
        custody.failuresLeft.set(100);
        List<SigningService.Result> results = service.sign(accepted(1));
        assertThat(results).singleElement().isInstanceOfSatisfying(SigningService.Failed.class,
                f -> assertThat(f.detail()).contains("backing store unavailable"));
        assertThat(custody.calls.get()).isEqualTo(3);
    }
}
