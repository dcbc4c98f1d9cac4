package com.partnerplatform.signer.keys;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/** Re-evaluates key states: due activations, ends of overlap windows, and scheduled rotation. */
@ApplicationScoped
public class RotationScheduler {

    private static final Logger LOG = Logger.getLogger(RotationScheduler.class);

    private final Instance<KeyRing> ring;
    private volatile boolean started;

    public RotationScheduler(Instance<KeyRing> ring) {
        this.ring = ring;
    }

    /** After SignerBeans started the ring (priority 10); a failed start never reaches this. */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        started = true;
    }

    @Scheduled(every = "${signer.rotation.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!started) {
            return;
        }
        try {
            ring.get().tick();
        } catch (Exception e) {
            // the next tick retries; readiness reports a ring without an ACTIVE key
            LOG.errorf("key ring tick failed: %s", e.toString());
        }
    }
}
