package com.partnerplatform.ygg.nonce;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.partnerplatform.ygg.gateway.GatewayConfig;
import com.partnerplatform.ygg.hmac.UuidV7;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
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
    private final Cache<String, Boolean> recentlySeen;
    private final ClaimBatcher batcher;
    private final DistributionSummary batchSizes;

    public NonceStore(Pool pool, GatewayConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.batcher = new ClaimBatcher(this::insert, config.nonce().maxBatchSize(),
                config.nonce().maxStatementsInFlight());
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
        return batcher.claim(claimOf(requestId));
    }

    /**
     * Claims several ids in one statement (when they fit in a batch), in order: an id listed twice is a repeat
     * the second time. The cache is not consulted, so the table answers for every id. For tests of the batching.
     */
    List<Future<Boolean>> claimTogether(List<UuidV7> requestIds) {
        return batcher.claimAll(requestIds.stream().map(NonceStore::claimOf).toList());
    }

    /** Number of claim statements executed so far. */
    long claimStatements() {
        return batchSizes.count();
    }

    private static ClaimBatcher.Claim claimOf(UuidV7 requestId) {
        return new ClaimBatcher.Claim(requestId.uuid(), OffsetDateTime.ofInstant(requestId.timestamp(), ZoneOffset.UTC));
    }

    private Future<Set<UUID>> insert(List<ClaimBatcher.Claim> claims) {
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
