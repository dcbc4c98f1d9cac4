package com.partnerplatform.quote.auth;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.partnerplatform.runtime.crypto.CryptoProviders;

import io.quarkus.runtime.StartupEvent;

/**
 * Every quote runs two RS256 verifications - the customer's bearer token in smallrye-jwt and the
 * signer's JWS in ycmt-signatures - both through {@code Signature.getInstance}: with AWS-LC first
 * in the provider list they run natively instead of in the JDK's BigInteger arithmetic.
 */
@ApplicationScoped
class FastRsaAtStartup {

    void install(@Observes @Priority(1) StartupEvent start) {
        CryptoProviders.install();
    }
}
