package com.partnerplatform.webhook.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The record of verified delivery ids in PostgreSQL. Each step is one atomic statement on the
 * reactive pool that Hibernate Reactive also uses: an {@code INSERT ... ON CONFLICT ... RETURNING}
 * claims an id and reads its state in one round trip, which concurrent retries of one id cannot
 * race past (HQL cannot say it, and a session per delivery would only add latency). Reads,
 * retention and tests use the {@link DeliveryRecord} entity.
 */
@ApplicationScoped
public class DeliveryLedger {

    private static final String CLAIM = """
            insert into %1$s.delivery (delivery_id, state, body_sha256, received_at, last_received_at, attempts)
            values ($1, 'RECEIVED', $2, $3, $3, 1)
            on conflict (delivery_id) do update
               set attempts = delivery.attempts + 1, last_received_at = excluded.last_received_at
            returning state, coalesce(body_sha256 = $2, true) as body_matches, received_at""";
    private static final String MARK_ACCEPTED = """
            update %1$s.delivery set state = 'ACCEPTED', accepted_at = $2
             where delivery_id = $1 and state = 'RECEIVED'""";

    private final Pool pool;
    private final String claim;
    private final String markAccepted;

    /** @param schema the schema Flyway migrates, which the pool's connections do not have on their search path */
    public DeliveryLedger(Pool pool, @ConfigProperty(name = "quarkus.flyway.default-schema") String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("quarkus.flyway.default-schema must be a plain lower-case identifier");
        }
        this.pool = pool;
        this.claim = CLAIM.formatted(schema);
        this.markAccepted = MARK_ACCEPTED.formatted(schema);
    }

    /** Records {@code deliveryId} as RECEIVED unless known, and tells what is known of it. */
    public Uni<Claim> claim(String deliveryId, String bodySha256, Instant now) {
        return pool.preparedQuery(claim)
                .execute(Tuple.of(deliveryId, bodySha256, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Boolean matches = row.getBoolean("body_matches");
                    return new Claim(DeliveryState.valueOf(row.getString("state")), Boolean.TRUE.equals(matches),
                            row.getOffsetDateTime("received_at").toInstant());
                });
    }

    /** Marks the id ACCEPTED; call only after the broker acknowledged its CloudEvent. */
    public Uni<Void> markAccepted(String deliveryId, Instant now) {
        return pool.preparedQuery(markAccepted)
                .execute(Tuple.of(deliveryId, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
