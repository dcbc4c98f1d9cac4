package com.partnerplatform.signer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RotationPolicyTest {

    @Test
    void theDefaultsAreSound() {
        RotationPolicy defaults = new RotationPolicy(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofMinutes(30), Optional.of(Duration.ofDays(90)));
        assertThat(defaults.violations()).isEmpty();
    }

    @Test
    void anOverlapShorterThanQuoteLifetimePlusJwksCacheIsRefused() {
        RotationPolicy policy = new RotationPolicy(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofMinutes(19), Optional.empty());
        assertThatThrownBy(policy::requireValid).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signer.rotation.overlap (PT19M) must be at least")
                .hasMessageContaining("PT20M");
    }

    @Test
    void anOverlapExactlyQuoteLifetimePlusJwksCacheIsEnough() {
        RotationPolicy policy = new RotationPolicy(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofMinutes(20), Optional.empty());
        assertThat(policy.violations()).isEmpty();
    }

    @Test
    void aPropagationDelayShorterThanTheJwksCacheIsRefused() {
        RotationPolicy policy = new RotationPolicy(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(4),
                Duration.ofMinutes(30), Optional.empty());
        assertThat(policy.violations()).singleElement().asString().contains("propagation-delay");
    }

    @Test
    void aRotationIntervalNotLongerThanThePropagationDelayIsRefused() {
        RotationPolicy policy = new RotationPolicy(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofMinutes(30), Optional.of(Duration.ofMinutes(10)));
        assertThat(policy.violations()).singleElement().asString().contains("signer.rotation.interval");
    }
}
