package com.partnerplatform.quote.quote;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.partnerplatform.quote.pricing.Price;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Quotes and their status history, in explicit SQL over the reactive PostgreSQL client: every
 * status change is one statement that updates the quote only from the expected status and appends
 * the history row, so two writers can never both win a transition.
 */
@ApplicationScoped
public class QuoteRepository {

    /** The insert lost the race for an Idempotency-Key to a concurrent request with the same key. */
    public static class IdempotencyConflict extends RuntimeException {
        IdempotencyConflict() {
            super(null, null, false, false);
        }
    }

    /** Everything stored when a quote is allocated, before it is signed. */
    public record NewQuote(String quoteId, long partnerQuoteSeq, String jti, String partnerId, String subscriptionId,
            String idempotencyKey, String requestSha256, Price price, Instant issuedAt, Instant expiresAt,
            String canonicalPayload, String payloadSha256, String correlationId) {
    }

    /** Counts behind the sequence-gap metric. */
    public record SequenceCounts(long allocated, long signed, long pending, long lastUnsignedSeq) {
        /** Allocated numbers that did not become signed quotes and are no longer in flight. */
        public long gaps() {
            return Math.max(0, allocated - signed - pending);
        }
    }

    private final Pool pool;

    public QuoteRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The latest attempt under an Idempotency-Key (or null), the number allocated for a new one (or
     * null), and the orphan this call gave up on (or null).
     */
    public record Allocation(QuoteRecord earlier, Long allocated, QuoteRecord orphaned) {
    }

    /**
     * In one statement: the latest attempt under the key, and a new partner_quote_seq only when a
     * new attempt is due - no attempt yet, the latest one FAILED for this same request, or the latest
     * one is an orphan: PENDING for this same request since before {@code orphanedBefore}, which its
     * requester can no longer sign (it gave up waiting, or died). The orphan is marked FAILED with
     * {@code orphanErrorCode} in the same statement; of two retries racing for it, only one sees the
     * UPDATE succeed (row lock, then the status re-check) - the other sees it PENDING and answers 409.
     * A replay or a reused key takes no number. Called only once the request is valid and priced.
     */
    public Uni<Allocation> lookupOrAllocate(String subscriptionId, String idempotencyKey, String requestSha256,
            Instant orphanedBefore, String orphanErrorCode) {
        return pool.preparedQuery("""
                WITH prior AS (
                  SELECT %1$s FROM quote.quote WHERE subscription_id = $1 AND idempotency_key = $2
                  ORDER BY created_at DESC LIMIT 1),
                orphan AS (
                  UPDATE quote.quote SET status = 'FAILED', error_code = $5, updated_at = clock_timestamp()
                  WHERE quote_id = (SELECT quote_id FROM prior WHERE status = 'PENDING' AND request_sha256 = $3
                                    AND created_at < $4)
                    AND status = 'PENDING'
                  RETURNING quote_id, correlation_id),
                orphan_history AS (
                  INSERT INTO quote.quote_status_history (quote_id, status, error_code, correlation_id)
                  SELECT quote_id, 'FAILED', $5, correlation_id FROM orphan)
                SELECT prior.*,
                       (SELECT count(*) FROM orphan) AS orphaned,
                       (SELECT nextval('quote.partner_quote_seq')
                        WHERE NOT EXISTS (SELECT 1 FROM prior
                                          WHERE NOT (prior.status = 'FAILED' AND prior.request_sha256 = $3)
                                            AND prior.quote_id NOT IN (SELECT quote_id FROM orphan))) AS allocated
                FROM (SELECT 1) AS one LEFT JOIN prior ON true""".formatted(QuoteRecord.COLUMNS))
                .execute(Tuple.of(subscriptionId, idempotencyKey, requestSha256, utc(orphanedBefore), orphanErrorCode))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    QuoteRecord earlier = row.getString("quote_id") == null ? null : QuoteRecord.from(row);
                    return new Allocation(earlier, row.getLong("allocated"),
                            row.getLong("orphaned") > 0 ? earlier : null);
                });
    }

    /** The latest attempt under this Idempotency-Key, or null. */
    public Uni<QuoteRecord> findByIdempotencyKey(String subscriptionId, String idempotencyKey) {
        return pool.preparedQuery("SELECT " + QuoteRecord.COLUMNS + " FROM quote.quote"
                + " WHERE subscription_id = $1 AND idempotency_key = $2 ORDER BY created_at DESC LIMIT 1")
                .execute(Tuple.of(subscriptionId, idempotencyKey))
                .map(QuoteRepository::first);
    }

    public Uni<QuoteRecord> findById(String quoteId) {
        return pool.preparedQuery("SELECT " + QuoteRecord.COLUMNS + " FROM quote.quote WHERE quote_id = $1")
                .execute(Tuple.of(quoteId))
                .map(QuoteRepository::first);
    }

    /**
     * Stores a PENDING quote and its first history row in one statement.
     *
     * @return fails with {@link IdempotencyConflict} if a live quote already holds the key
     */
    public Uni<Void> insertPending(NewQuote q) {
        Price p = q.price();
        Tuple values = Tuple.tuple()
                .addString(q.quoteId()).addLong(q.partnerQuoteSeq()).addString(q.jti()).addString(q.partnerId())
                .addString(q.subscriptionId()).addString(q.idempotencyKey()).addString(q.requestSha256())
                .addString(p.corridor().code()).addValue(p.sendAmount()).addString(p.corridor().sendCurrency())
                .addValue(p.receiveAmount()).addString(p.corridor().receiveCurrency()).addValue(p.fxRate())
                .addValue(p.marketRate().rate()).addString(p.marketRate().source()).addValue(utc(p.marketRate().asOf()))
                .addValue(p.totalConsumerCost()).addValue(utc(q.issuedAt())).addValue(utc(q.expiresAt()))
                .addString(q.canonicalPayload()).addString(q.payloadSha256()).addString(q.correlationId());
        return pool.preparedQuery("""
                WITH q AS (
                  INSERT INTO quote.quote (quote_id, partner_quote_seq, jti, partner_id, subscription_id, idempotency_key,
                    request_sha256, corridor, send_amount, send_currency, receive_amount, receive_currency, fx_rate,
                    market_rate, rate_source, rate_as_of, total_consumer_cost, issued_at, expires_at, canonical_payload,
                    payload_sha256, correlation_id, status)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                    $21, $22, 'PENDING')
                  RETURNING quote_id, correlation_id)
                INSERT INTO quote.quote_status_history (quote_id, status, correlation_id)
                SELECT quote_id, 'PENDING', correlation_id FROM q""")
                .execute(values)
                .onFailure(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
                        && pg.getMessage() != null && pg.getMessage().contains("quote_idempotency_live"))
                .transform(e -> new IdempotencyConflict())
                .replaceWithVoid();
    }

    /** PENDING -> SIGNED with the verified JWS; false if the quote was no longer PENDING. */
    public Uni<Boolean> markSigned(String quoteId, String jws, String kid, String correlationId) {
        return pool.preparedQuery("""
                WITH u AS (
                  UPDATE quote.quote SET status = 'SIGNED', jws = $2, kid = $3, signed_at = clock_timestamp(),
                    updated_at = clock_timestamp()
                  WHERE quote_id = $1 AND status = 'PENDING' RETURNING quote_id)
                INSERT INTO quote.quote_status_history (quote_id, status, kid, correlation_id)
                SELECT quote_id, 'SIGNED', $3, $4 FROM u""")
                .execute(Tuple.of(quoteId, jws, kid, correlationId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** PENDING -> REJECTED or FAILED with the error code; false if the quote was no longer PENDING. */
    public Uni<Boolean> markUnsigned(String quoteId, QuoteStatus status, String errorCode, String kid, String correlationId) {
        if (status != QuoteStatus.REJECTED && status != QuoteStatus.FAILED) {
            throw new IllegalArgumentException("not an unsigned end state: " + status);
        }
        return pool.preparedQuery("""
                WITH u AS (
                  UPDATE quote.quote SET status = $2, error_code = $3, updated_at = clock_timestamp()
                  WHERE quote_id = $1 AND status = 'PENDING' RETURNING quote_id)
                INSERT INTO quote.quote_status_history (quote_id, status, error_code, kid, correlation_id)
                SELECT quote_id, $2, $3, $4, $5 FROM u""")
                .execute(Tuple.tuple().addString(quoteId).addString(status.name()).addString(errorCode).addString(kid)
                        .addString(correlationId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Marks up to {@code limit} SIGNED quotes past exp as EXPIRED; returns them. */
    public Uni<List<QuoteRecord>> expireDue(Instant now, int limit) {
        return pool.preparedQuery("""
                WITH e AS (
                  UPDATE quote.quote SET status = 'EXPIRED', updated_at = clock_timestamp()
                  WHERE quote_id IN (SELECT quote_id FROM quote.quote WHERE status = 'SIGNED' AND expires_at <= $1
                                     ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
                  RETURNING %s),
                h AS (
                  INSERT INTO quote.quote_status_history (quote_id, status, kid, correlation_id)
                  SELECT quote_id, 'EXPIRED', kid, correlation_id FROM e)
                SELECT * FROM e""".formatted(QuoteRecord.COLUMNS))
                .execute(Tuple.of(utc(now), limit))
                .map(QuoteRepository::all);
    }

    /** Marks quotes PENDING since before {@code createdBefore} (their request died) as FAILED; returns them. */
    public Uni<List<QuoteRecord>> failStalePending(Instant createdBefore, String errorCode, int limit) {
        return pool.preparedQuery("""
                WITH f AS (
                  UPDATE quote.quote SET status = 'FAILED', error_code = $3, updated_at = clock_timestamp()
                  WHERE quote_id IN (SELECT quote_id FROM quote.quote WHERE status = 'PENDING' AND created_at < $1
                                     ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
                  RETURNING %s),
                h AS (
                  INSERT INTO quote.quote_status_history (quote_id, status, error_code, correlation_id)
                  SELECT quote_id, 'FAILED', $3, correlation_id FROM f)
                SELECT * FROM f""".formatted(QuoteRecord.COLUMNS))
                .execute(Tuple.of(utc(createdBefore), limit, errorCode))
                .map(QuoteRepository::all);
    }

    /** Statuses a quote went through, oldest first. */
    public Uni<List<String>> statusHistory(String quoteId) {
        return pool.preparedQuery("SELECT status FROM quote.quote_status_history WHERE quote_id = $1 ORDER BY id")
                .execute(Tuple.of(quoteId))
                .map(rows -> {
                    List<String> statuses = new ArrayList<>();
                    rows.forEach(row -> statuses.add(row.getString("status")));
                    return statuses;
                });
    }

    public Uni<SequenceCounts> sequenceCounts() {
        return pool.query("""
                SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM quote.partner_quote_seq) AS allocated,
                       count(*) FILTER (WHERE signed_at IS NOT NULL) AS signed,
                       count(*) FILTER (WHERE status = 'PENDING') AS pending,
                       coalesce(max(partner_quote_seq) FILTER (WHERE status IN ('FAILED', 'REJECTED')), 0) AS last_unsigned
                FROM quote.quote""").execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new SequenceCounts(row.getLong("allocated"), row.getLong("signed"), row.getLong("pending"),
                            row.getLong("last_unsigned"));
                });
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static QuoteRecord first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? QuoteRecord.from(it.next()) : null;
    }

    private static List<QuoteRecord> all(RowSet<Row> rows) {
        List<QuoteRecord> records = new ArrayList<>();
        rows.forEach(row -> records.add(QuoteRecord.from(row)));
        return records;
    }
}
