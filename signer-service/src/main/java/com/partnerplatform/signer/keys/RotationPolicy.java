package com.partnerplatform.signer.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The timing rules of key rotation. A new key is published {@code propagationDelay} before it
 * signs, so every verifier's cached JWKS has it by then; a replaced key stays published for
 * {@code overlap}, which must cover the longest-lived quote it signed plus a JWKS cache period.
 *
 * @param maxQuoteLifetime longest accepted exp - iat
 * @param jwksCacheTime how long verifiers may cache the JWKS
 * @param propagationDelay PENDING to ACTIVE
 * @param overlap RETIRING to tombstone
 * @param interval age of the ACTIVE key that triggers a scheduled rotation; empty = manual only
 */
public record RotationPolicy(Duration maxQuoteLifetime, Duration jwksCacheTime, Duration propagationDelay,
        Duration overlap, Optional<Duration> interval) {

    /** Every rule broken, in words; empty when the policy is sound. */
    public List<String> violations() {
        List<String> problems = new ArrayList<>();
        if (maxQuoteLifetime.isNegative() || maxQuoteLifetime.isZero()) {
            problems.add("signer.max-quote-lifetime must be positive");
        }
        if (jwksCacheTime.isNegative()) {
            problems.add("signer.jwks.cache-time must not be negative");
        }
        if (propagationDelay.compareTo(jwksCacheTime) < 0) {
            problems.add("signer.rotation.propagation-delay (" + propagationDelay + ") must be at least signer.jwks.cache-time ("
                    + jwksCacheTime + "), or verifiers with a cached JWKS reject quotes signed by the new key");
        }
        Duration minimumOverlap = maxQuoteLifetime.plus(jwksCacheTime);
        if (overlap.compareTo(minimumOverlap) < 0) {
            problems.add("signer.rotation.overlap (" + overlap + ") must be at least signer.max-quote-lifetime + "
                    + "signer.jwks.cache-time (" + minimumOverlap + "), or quotes still valid lose their key");
        }
        interval.ifPresent(i -> {
            if (i.compareTo(propagationDelay) <= 0) {
                problems.add("signer.rotation.interval (" + i + ") must be longer than signer.rotation.propagation-delay");
            }
        });
        return problems;
    }

    /** @throws IllegalStateException listing every violation */
    public RotationPolicy requireValid() {
        List<String> problems = violations();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid rotation configuration: " + String.join("; ", problems));
        }
        return this;
    }
}
