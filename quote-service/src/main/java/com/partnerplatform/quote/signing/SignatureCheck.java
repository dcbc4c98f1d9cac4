package com.partnerplatform.quote.signing;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.quote.jwks.PublicKeyRegistry;
import com.partnerplatform.quote.quote.QuoteConfig;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.LocalVerifier;
import com.partnerplatform.ycmt.signatures.VerificationReport;

import io.smallrye.mutiny.Uni;

/**
 * "Generated JWS verifies locally before being sent" (quote spec s.17): every SIGNED reply runs the
 * spec's local verification checklist (ycmt-signatures' {@link LocalVerifier}) against the keys
 * this instance publishes in its JWKS, and its payload must be byte for byte the canonical payload
 * stored before the request - the signer may not sign anything else.
 */
@ApplicationScoped
public class SignatureCheck {

    /** The reply's JWS is not one this service can stand behind. */
    public static class SignatureRejected extends RuntimeException {
        public SignatureRejected(String message) {
            super(message, null, false, false);
        }
    }

    private final PublicKeyRegistry keys;
    private final Clock clock;
    private final Duration keyWait;

    @Inject
    public SignatureCheck(PublicKeyRegistry keys, Clock clock, QuoteConfig config) {
        this(keys, clock, config.signing().keyWait());
    }

    public SignatureCheck(PublicKeyRegistry keys, Clock clock, Duration keyWait) {
        this.keys = keys;
        this.clock = clock;
        this.keyWait = keyWait;
    }

    /** Completes with the verified JWS's kid, or fails with {@link SignatureRejected}. */
    public Uni<String> verify(SigningReply reply, byte[] canonicalPayload) {
        if (reply.jws() == null || reply.kid() == null) {
            return Uni.createFrom().failure(new SignatureRejected("the SIGNED reply lacks a JWS or kid"));
        }
        VerificationReport first = run(reply.jws());
        if (first.ok() || !kidUnknown(first)) {
            return Uni.createFrom().item(() -> conclude(first, reply, canonicalPayload));
        }
        // the signer publishes a key before using it, but this instance may not have read it yet
        return keys.awaitKid(reply.kid(), keyWait)
                .map(ignored -> conclude(run(reply.jws()), reply, canonicalPayload));
    }

    private VerificationReport run(String jws) {
        return new LocalVerifier(keys.snapshot().jwks(), clock).verify(jws, Artefact.QUOTE);
    }

    private static boolean kidUnknown(VerificationReport report) {
        return report.firstFailure().map(step -> step.number() == 4).orElse(false);
    }

    private static String conclude(VerificationReport report, SigningReply reply, byte[] canonicalPayload) {
        if (!report.ok()) {
            var step = report.firstFailure().orElseThrow();
            throw new SignatureRejected("local verification failed at step " + step.number() + " (" + step.name() + "): "
                    + step.detail());
        }
        String kid = report.kid().orElseThrow();
        if (!kid.equals(reply.kid())) {
            throw new SignatureRejected("the reply's kid differs from the JWS header's kid");
        }
        String[] parts = reply.jws().split("\\.", -1);
        byte[] signedPayload = Base64.getUrlDecoder().decode(parts[1]);
        if (!Arrays.equals(signedPayload, canonicalPayload)) {
            throw new SignatureRejected("the signed payload is not the canonical payload stored for this quote");
        }
        return kid;
    }
}
