package com.partnerplatform.ygg.nonce;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.partnerplatform.ygg.eventloop.PerEventLoop;
import com.partnerplatform.ygg.gateway.GatewayConfig;
import com.partnerplatform.ygg.hmac.UuidV7;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Burns X-API-REQUEST ids. PostgreSQL is the authority, shared by all instances and kept across restarts:
 * the id is the primary key and {@code INSERT ... ON CONFLICT DO NOTHING RETURNING} inserts one row for the
 * first use only and names the ids that were new. Claims are group-committed ({@link ClaimBatcher}): one
 * statement, one durable commit, for every id that arrived while the previous statements ran. A bounded in-process cache of ids seen recently answers repeats without a round trip; it may forget
 * (size bound, restart), the table may not. Entries need to live no longer than the freshness window: an older
 * id is rejected as stale before it gets here.
 */
@ApplicationScoped
public class NonceStore {

    /** One statement for any batch size (one prepared statement): the arrays are unnested into rows. */
    static final String INSERT = "INSERT INTO ygg.request_nonce (request_id, issued_at) "
            + "SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) ON CONFLICT DO NOTHING RETURNING request_id";
    static final String PURGE = "DELETE FROM ygg.request_nonce WHERE issued_at < $1";

    private final Pool pool;
    private final Vertx vertx;
    private final Cache<String, Boolean> recentlySeen;
    private final ClaimBatcher batcher;
    private final DistributionSummary batchSizes;
    private final int maxBatch;
    private final int maxInFlight;
    private final int maxInFlightPerLoop;
    /** Connection settings for the per-event-loop pools; empty when they cannot match Quarkus' pool. */
    private final Optional<PgConnectOptions> perLoopOptions;
    private final PerEventLoop<LoopClaims> perEventLoop;

    /** An event loop's own pool (its connections live on that loop) and batcher. */
    private record LoopClaims(Pool pool, ClaimBatcher batcher) {
    }

    @Inject
    public NonceStore(Pool pool, Vertx vertx, GatewayConfig config, MeterRegistry registry, Config mpConfig) {
        this(pool, vertx, config, registry,
                config.nonce().poolPerEventLoop() ? ClaimPoolOptions.from(mpConfig) : Optional.empty());
    }

    NonceStore(Pool pool, Vertx vertx, GatewayConfig config, MeterRegistry registry,
            Optional<PgConnectOptions> perLoopOptions) {
        this.pool = pool;
        this.vertx = vertx;
        this.maxBatch = config.nonce().maxBatchSize();
        this.maxInFlight = config.nonce().maxStatementsInFlight();
        this.maxInFlightPerLoop = config.nonce().maxStatementsInFlightPerLoop();
        this.perLoopOptions = perLoopOptions;
        this.batcher = new ClaimBatcher(claims -> insert(pool, claims), maxBatch, maxInFlight);
        this.perEventLoop = new PerEventLoop<>(this::loopClaims);
        this.batchSizes = DistributionSummary.builder("ygg.nonce.claim.batch.size")
                .description("request ids claimed per INSERT (group commit)").register(registry);
        Duration window = config.requestId().maxAge().plus(config.requestId().maxFutureSkew());
        this.recentlySeen = Caffeine.newBuilder()
                .maximumSize(config.nonce().cacheSize())
                .expireAfterWrite(window)
                .build();
    }

    /** True when this is the id's first use (it is now burnt), false for a repeat; fails if PostgreSQL does. */
    public Future<Boolean> claim(UuidV7 requestId) {
        if (recentlySeen.getIfPresent(requestId.canonicalText()) != null) {
            return Future.succeededFuture(false);
        }
        return batcherHere().claim(claimOf(requestId));
    }

    /**
     * On an event loop, that loop's own batcher and pool: the statement is written and its answer read on the
     * loop that serves the request. Quarkus' shared pool would hand out a connection of any loop, and every claim
     * would wake two threads (there and back), each a scheduler delay on a busy machine. Batching is then per
     * loop; PostgreSQL still merges the WAL flushes of commits that arrive together.
     */
    private ClaimBatcher batcherHere() {
        LoopClaims own = perLoopOptions.isEmpty() ? null : perEventLoop.here();
        return own != null ? own.batcher() : batcher;
    }

    /** Built on the calling loop's context: with no fixed event-loop set, the pool opens connections on that loop. */
    private LoopClaims loopClaims() {
        Pool own = PgBuilder.pool().with(new PoolOptions().setMaxSize(maxInFlightPerLoop).setIdleTimeout(60)
                .setIdleTimeoutUnit(TimeUnit.SECONDS)).connectingTo(perLoopOptions.orElseThrow()).using(vertx).build();
        return new LoopClaims(own, new ClaimBatcher(claims -> insert(own, claims), maxBatch, maxInFlightPerLoop));
    }

    @PreDestroy
    void close() {
        perEventLoop.forEach(claims -> claims.pool().close());
    }

    /**
     * Claims several ids in one statement (when they fit in a batch), in order: an id listed twice is a repeat
     * the second time. The cache is not consulted, so the table answers for every id. For tests of the batching.
     */
    List<Future<Boolean>> claimTogether(List<UuidV7> requestIds) {
        return batcher.claimAll(requestIds.stream().map(NonceStore::claimOf).toList());
    }

    /** Whether claims go through the per-event-loop pools (false: through Quarkus' pool). */
    boolean claimsOnEventLoopPools() {
        return perLoopOptions.isPresent();
    }

    /** Number of claim statements executed so far. */
    long claimStatements() {
        return batchSizes.count();
    }

    private static ClaimBatcher.Claim claimOf(UuidV7 requestId) {
        return new ClaimBatcher.Claim(requestId.uuid(), OffsetDateTime.ofInstant(requestId.timestamp(), ZoneOffset.UTC));
    }

    private Future<Set<UUID>> insert(Pool pool, List<ClaimBatcher.Claim> claims) {
        UUID[] ids = new UUID[claims.size()];
        OffsetDateTime[] issued = new OffsetDateTime[claims.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = claims.get(i).id();
            issued[i] = claims.get(i).issuedAt();
        }
        batchSizes.record(ids.length);
        return pool.preparedQuery(INSERT).execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfOffsetDateTime(issued)).map(rows -> {
            Set<UUID> fresh = new HashSet<>(rows.size() * 2);
            for (Row row : rows) {
                fresh.add(row.getUUID(0));
            }
            for (UUID id : ids) { // seen, new or not: a later use is a repeat either way
                recentlySeen.put(id.toString(), Boolean.TRUE);
            }
            return fresh;
        });
    }

    /** Deletes ids issued before {@code cutoff}; returns how many. */
    public Future<Integer> purgeIssuedBefore(Instant cutoff) {
        return pool.preparedQuery(PURGE).execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    /**
     * Empties the in-process cache, as a restart would; the table still answers. For tests and for operators
     * who want to prove the database alone rejects a replay.
     */
    public void forgetCached() {
        recentlySeen.invalidateAll();
    }
}
