package com.partnerplatform.ygg.nonce;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.partnerplatform.ygg.gateway.GatewayConfig;
import com.partnerplatform.ygg.hmac.UuidV7;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Burns X-API-REQUEST ids. PostgreSQL is the authority, shared by all instances and kept across restarts:
 * the id is the primary key and {@code INSERT ... ON CONFLICT DO NOTHING} inserts one row for the first use
 * only. A bounded in-process cache of ids seen recently answers repeats without a round trip; it may forget
 * (size bound, restart), the table may not. Entries need to live no longer than the freshness window: an older
 * id is rejected as stale before it gets here.
 */
@ApplicationScoped
public class NonceStore {

    static final String INSERT = "INSERT INTO ygg.request_nonce (request_id, issued_at) VALUES ($1, $2) "
            + "ON CONFLICT DO NOTHING";
    static final String PURGE = "DELETE FROM ygg.request_nonce WHERE issued_at < $1";

    private final Pool pool;
    private final Cache<String, Boolean> recentlySeen;

    public NonceStore(Pool pool, GatewayConfig config) {
        this.pool = pool;
        Duration window = config.requestId().maxAge().plus(config.requestId().maxFutureSkew());
        this.recentlySeen = Caffeine.newBuilder()
                .maximumSize(config.nonce().cacheSize())
                .expireAfterWrite(window)
                .build();
    }

    /** True when this is the id's first use (it is now burnt), false for a repeat; fails if PostgreSQL does. */
    public Future<Boolean> claim(UuidV7 requestId) {
        String key = requestId.canonicalText();
        if (recentlySeen.getIfPresent(key) != null) {
            return Future.succeededFuture(false);
        }
        OffsetDateTime issuedAt = OffsetDateTime.ofInstant(requestId.timestamp(), ZoneOffset.UTC);
        return pool.preparedQuery(INSERT).execute(Tuple.of(requestId.uuid(), issuedAt)).map(rows -> {
            recentlySeen.put(key, Boolean.TRUE);
            return rows.rowCount() == 1;
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
