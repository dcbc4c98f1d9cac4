package com.partnerplatform.webhook.verification;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How deliveries are authenticated. Secrets come from the environment, never from a committed file. */
@ConfigMapping(prefix = "webhook.verification")
public interface VerificationConfig {

    /** Which {@link WebhookVerifier} checks deliveries. */
    @WithDefault(StandardWebhooksVerifier.SCHEME)
    String scheme();

    /** {@code whsec_} HMAC secrets; during a rotation both the old and the new one. */
    Optional<List<String>> secrets();

    /** {@code whpk_} ed25519 public keys (raw 32 bytes or SPKI DER) for {@code v1a} signatures. */
    Optional<List<String>> publicKeys();

    /** How far a delivery's timestamp may lie from our clock, either way. */
    @WithDefault("5M")
    Duration tolerance();
}
