package com.partnerplatform.webhook.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The record of verified delivery ids in PostgreSQL. Deliveries arriving together are claimed by
 * ONE multi-row statement and marked accepted by another ({@link GroupCommit}): an
 * {@code INSERT ... ON CONFLICT ... RETURNING} over the batch claims the ids and reads their states
 * in one round trip, which concurrent retries of an id cannot race past (HQL cannot say it, and a
 * session per delivery would only add latency). Each statement is atomic: when it fails, no id of
 * its batch was written and every member answers 503. Reads, retention and tests use the
 * {@link DeliveryRecord} entity.
 */
@ApplicationScoped
public class DeliveryLedger {

    /** A claim of one verified delivery. */
    public record ClaimRequest(String deliveryId, String bodySha256, Instant receivedAt) {
    }

    private static final String CLAIM = """
            insert into %1$s.delivery (delivery_id, state, body_sha256, received_at, last_received_at, attempts)
            select id, 'RECEIVED', sha, at, at, 1
              from unnest($1::varchar[], $2::text[], $3::timestamptz[]) as claim(id, sha, at)
            on conflict (delivery_id) do update
               set attempts = delivery.attempts + 1, last_received_at = excluded.last_received_at
            returning delivery_id, state, body_sha256, received_at""";
    private static final String MARK_ACCEPTED = """
            update %1$s.delivery set state = 'ACCEPTED', accepted_at = $2
             where delivery_id = any($1::varchar[]) and state = 'RECEIVED'""";

    private final Pool pool;
    private final Clock clock;
    private final String claim;
    private final String markAccepted;
    private final GroupCommit<ClaimRequest, Claim> claims;
    private final GroupCommit<String, Void> marks;

    /** @param schema the schema Flyway migrates, which the pool's connections do not have on their search path */
    public DeliveryLedger(io.vertx.mutiny.sqlclient.Pool pool,
            @ConfigProperty(name = "quarkus.flyway.default-schema") String schema, DedupeConfig config, Clock clock) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("quarkus.flyway.default-schema must be a plain lower-case identifier");
        }
        this.pool = pool.getDelegate();
        this.clock = clock;
        this.claim = CLAIM.formatted(schema);
        this.markAccepted = MARK_ACCEPTED.formatted(schema);
        this.claims = new GroupCommit<>(this::claimAll, ClaimRequest::deliveryId, config.groupCommitMaxBatch(),
                config.groupCommitInFlight());
        this.marks = new GroupCommit<>(this::markAllAccepted, id -> id, config.groupCommitMaxBatch(),
                config.groupCommitInFlight());
    }

    /** Records {@code deliveryId} as RECEIVED unless known, and tells what is known of it. */
    public CompletableFuture<Claim> claim(String deliveryId, String bodySha256, Instant now) {
        return claims.submit(new ClaimRequest(deliveryId, bodySha256, now));
    }

    /** Marks the id ACCEPTED; call only after the broker acknowledged its CloudEvent. */
    public CompletableFuture<Void> markAccepted(String deliveryId) {
        return marks.submit(deliveryId);
    }

    /**
     * Claims a batch of distinct ids with one statement; the claims are in the order of {@code requests}.
     * Fails as a whole (nothing written) when the statement fails.
     */
    public CompletionStage<List<Claim>> claimAll(List<ClaimRequest> requests) {
        int size = requests.size();
        String[] ids = new String[size];
        String[] digests = new String[size];
        OffsetDateTime[] times = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            ClaimRequest request = requests.get(i);
            ids[i] = request.deliveryId();
            digests[i] = request.bodySha256();
            times[i] = OffsetDateTime.ofInstant(request.receivedAt(), ZoneOffset.UTC);
        }
        return pool.preparedQuery(claim).execute(Tuple.of(ids, digests, times)).map(rows -> {
            Map<String, Row> byId = new HashMap<>(size * 2);
            for (Row row : rows) {
                byId.put(row.getString(0), row);
            }
            List<Claim> result = new ArrayList<>(size);
            for (ClaimRequest request : requests) {
                Row row = byId.get(request.deliveryId());
                if (row == null) {
                    throw new IllegalStateException("the claim statement returned no row for a delivery id");
                }
                String recorded = row.getString(2);
                // rows of the first schema version have no digest: any body matches them
                boolean matches = recorded == null || recorded.trim().equals(request.bodySha256());
                result.add(new Claim(DeliveryState.valueOf(row.getString(1)), matches,
                        row.getOffsetDateTime(3).toInstant()));
            }
            return result;
        }).toCompletionStage();
    }

    /** Marks a batch of distinct ids ACCEPTED with one statement. */
    public CompletionStage<List<Void>> markAllAccepted(List<String> deliveryIds) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return pool.preparedQuery(markAccepted).execute(Tuple.of(deliveryIds.toArray(String[]::new), now))
                .map(ignored -> {
                    List<Void> done = new ArrayList<>(deliveryIds.size());
                    for (int i = 0; i < deliveryIds.size(); i++) {
                        done.add(null);
                    }
                    return done;
                }).toCompletionStage();
    }
}
