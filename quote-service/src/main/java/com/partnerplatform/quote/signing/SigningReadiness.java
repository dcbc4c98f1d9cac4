package com.partnerplatform.quote.signing;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.partnerplatform.events.keys.KeyState;
import com.partnerplatform.quote.jwks.PublicKeyRegistry;

/**
 * Ready only when this instance can actually issue a signed quote: the signing reply consumer holds
 * its partitions (else a reply could be missed and the quote fail), and the key set has an ACTIVE
 * key (else no signer reply could pass local verification, nor could YCMT verify it through our
 * JWKS). PostgreSQL is covered by the datasource's own readiness check. FX rates deliberately are
 * not: a missing or stale rate is a per-corridor condition shared by every instance (the feed is
 * common), answered 503 quote.rateUnavailable; taking all instances out of rotation for it would turn
 * one corridor's outage into a total one.
 */
@Readiness
@ApplicationScoped
public class SigningReadiness implements HealthCheck {

    private final SignerClient signer;
    private final PublicKeyRegistry keys;

    public SigningReadiness(SignerClient signer, PublicKeyRegistry keys) {
        this.signer = signer;
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        boolean assigned = signer.replyConsumerAssigned();
        long active = keys.snapshot().states().values().stream().filter(state -> state == KeyState.ACTIVE).count();
        return HealthCheckResponse.named("signing-path")
                .status(assigned && active > 0)
                .withData("replyConsumerAssigned", assigned)
                .withData("activeKeys", active)
                .build();
    }
}
