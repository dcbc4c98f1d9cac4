package com.partnerplatform.ygg.nonce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.partnerplatform.ygg.gateway.GatewayConfig;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Forgets request ids that can no longer be replayed: once a UUIDv7 is older than the freshness window the
 * request is rejected as stale anyway, so its row only has to outlive that window plus a margin for clock
 * skew between instances. Every instance may run it; deleting the same rows twice is harmless.
 */
@ApplicationScoped
public class NoncePurge {

    private static final Logger LOG = Logger.getLogger(NoncePurge.class);

    private final NonceStore store;
    private final Clock clock;
    private final Duration retention;

    public NoncePurge(NonceStore store, Clock clock, GatewayConfig config) {
        this.store = store;
        this.clock = clock;
        this.retention = config.requestId().maxAge().plus(config.nonce().purgeMargin());
    }

    @Scheduled(every = "${ygg.nonce.purge-every:1m}", delayed = "${ygg.nonce.purge-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPurge() {
        return Uni.createFrom().completionStage(() -> purge().toCompletionStage()).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("request id purge failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    /** Deletes ids issued before now minus the retention; returns how many. */
    public io.vertx.core.Future<Integer> purge() {
        Instant cutoff = clock.instant().minus(retention);
        return store.purgeIssuedBefore(cutoff).onSuccess(deleted -> {
            if (deleted > 0) {
                LOG.debugf("purged %d request ids issued before %s", deleted, cutoff);
            }
        });
    }

    public Duration retention() {
        return retention;
    }
}
