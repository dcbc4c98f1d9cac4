package com.partnerplatform.webhook.delivery;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Forgets delivery ids older than the sender's retry horizon. Every replica may run it: deleting
 * the same old rows twice is harmless.
 */
@ApplicationScoped
public class DeliveryRetention {

    private static final Logger LOG = Logger.getLogger(DeliveryRetention.class);

    private final DedupeConfig config;
    private final Clock clock;

    public DeliveryRetention(DedupeConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${webhook.dedupe.cleanup-every:1h}", delayed = "${webhook.dedupe.cleanup-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> scheduledCleanup() {
        return forgetExpired().replaceWithVoid();
    }

    /** Deletes the ids first received before now minus the retention; returns how many. */
    public Uni<Long> forgetExpired() {
        Instant cutoff = clock.instant().minus(config.retention());
        return Panache.withTransaction(() -> DeliveryRecord.deleteReceivedBefore(cutoff))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("forgot %d delivery ids first received before %s", deleted, cutoff);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("delivery retention cleanup failed: %s", e.getClass().getSimpleName()));
    }
}
