package com.partnerplatform.signer.custody;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.partnerplatform.signer.keys.KeyFeed;
import com.partnerplatform.signer.keys.KeyRing;

/**
 * Ready only when the custody answers, a key is ACTIVE, and the key feed is followed. Kafka's own
 * channel health is reported by SmallRye next to this. The custody probe is cached briefly so that
 * frequent probes do not load Vault or the HSM.
 */
@Readiness
@ApplicationScoped
public class CustodyReadiness implements HealthCheck {

    private static final Duration CACHE = Duration.ofSeconds(5);

    private final KeyCustody custody;
    private final KeyRing ring;
    private final KeyFeed feed;
    private volatile CustodyHealth last;
    private volatile Instant lastAt = Instant.EPOCH;

    public CustodyReadiness(KeyCustody custody, KeyRing ring, KeyFeed feed) {
        this.custody = custody;
        this.ring = ring;
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        CustodyHealth health = probe();
        boolean active = ring.activeKey().isPresent();
        boolean feedUp = feed.healthy();
        return HealthCheckResponse.named("signer-custody")
                .status(health.up() && active && feedUp)
                .withData("custody", custody.name())
                .withData("custodyDetail", health.detail())
                .withData("activeKid", ring.activeKey().map(k -> k.kid()).orElse("none"))
                .withData("keyFeed", feedUp ? "following" : "not following")
                .build();
    }

    private CustodyHealth probe() {
        Instant now = Instant.now();
        if (last == null || Duration.between(lastAt, now).compareTo(CACHE) > 0) {
            last = custody.health();
            lastAt = now;
        }
        return last;
    }
}
