package com.partnerplatform.signer.custody;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.signer.keys.KeyFeed;
import com.partnerplatform.signer.keys.KeyRing;
import com.partnerplatform.signer.keys.RotationPolicy;

class CustodyReadinessTest {

    /** A custody whose backing store can be switched off. */
    static final class SwitchableCustody extends DevBackedCustody {
        volatile boolean reachable = true;

        @Override
        public String name() {
            return "switchable";
        }

        @Override
        public CustodyHealth health() {
            return reachable ? CustodyHealth.up("reachable") : CustodyHealth.down("store unreachable");
        }
    }

    static final class SimpleFeed implements KeyFeed {
        volatile boolean healthy = true;
        final Map<String, PublicKeyEvent> events = new java.util.HashMap<>();

        @Override
        public Map<String, PublicKeyEvent> snapshot() {
            return Map.copyOf(events);
        }

        @Override
        public Set<String> tombstoned() {
            return Set.of();
        }

        @Override
        public void publish(PublicKeyEvent event) {
            events.put(event.kid(), event);
        }

        @Override
        public void tombstone(String kid) {
            events.remove(kid);
        }

        @Override
        public boolean healthy() {
            return healthy;
        }

        @Override
        public void onChange(BiConsumer<String, PublicKeyEvent> listener) {
        }
    }

    private static final RotationPolicy POLICY = new RotationPolicy(Duration.ofMinutes(15), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Optional.empty());

    @Test
    void readinessIsUpOnlyWithAReachableCustodyAnActiveKeyAndAFollowedFeed() throws Exception {
        SwitchableCustody custody = new SwitchableCustody();
        SimpleFeed feed = new SimpleFeed();
        KeyRing ring = new KeyRing(custody, feed, POLICY, Clock.systemUTC());

        assertThat(new CustodyReadiness(custody, ring, feed).call().getStatus())
                .as("no key is ACTIVE before the ring started").isEqualTo(HealthCheckResponse.Status.DOWN);

        ring.start();
        assertThat(new CustodyReadiness(custody, ring, feed).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        custody.reachable = false;
        HealthCheckResponse down = new CustodyReadiness(custody, ring, feed).call();
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(down.getData()).get().satisfies(d -> assertThat(d).containsEntry("custodyDetail", "store unreachable"));

        custody.reachable = true;
        feed.healthy = false;
        assertThat(new CustodyReadiness(custody, ring, feed).call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }
}
