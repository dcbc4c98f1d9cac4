package com.partnerplatform.webhook.verification;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/**
 * Builds the configured verifier at start, so that bad verification material stops the service
 * from starting instead of refusing every delivery later. A new scheme adds a branch here and
 * its own class.
 */
@ApplicationScoped
public class VerifierProducer {

    @Produces
    @Singleton
    @Startup
    WebhookVerifier verifier(VerificationConfig config) {
        if (!StandardWebhooksVerifier.SCHEME.equals(config.scheme())) {
            throw new IllegalStateException("webhook.verification.scheme '" + config.scheme()
                    + "' is not supported; known: " + StandardWebhooksVerifier.SCHEME);
        }
        return new StandardWebhooksVerifier(
                StandardWebhooksKeys.secrets(config.secrets().orElse(List.of()), "webhook.verification.secrets"),
                StandardWebhooksKeys.publicKeys(config.publicKeys().orElse(List.of()), "webhook.verification.public-keys"),
                config.tolerance());
    }
}
