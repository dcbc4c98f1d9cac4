package com.partnerplatform.quote.quote;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.ycmt.signatures.QuoteClaims;

import io.vertx.mutiny.sqlclient.Row;

/** A stored quote: the signed (or to-be-signed) canonical payload plus its lifecycle. */
public record QuoteRecord(String quoteId, long partnerQuoteSeq, String jti, String subscriptionId,
        String idempotencyKey, String requestSha256, String canonicalPayload, String jws, String kid,
        QuoteStatus status, String errorCode, String correlationId, Instant issuedAt, Instant expiresAt,
        Instant createdAt, Instant signedAt) {

    static final String COLUMNS = "quote_id, partner_quote_seq, jti, subscription_id, idempotency_key, request_sha256, "
            + "canonical_payload, jws, kid, status, error_code, correlation_id, issued_at, expires_at, created_at, signed_at";

    static QuoteRecord from(Row row) {
        return new QuoteRecord(row.getString("quote_id"), row.getLong("partner_quote_seq"), row.getString("jti"),
                row.getString("subscription_id"), row.getString("idempotency_key"), row.getString("request_sha256"),
                row.getString("canonical_payload"), row.getString("jws"), row.getString("kid"),
                QuoteStatus.valueOf(row.getString("status")), row.getString("error_code"),
                row.getString("correlation_id"), instant(row.getOffsetDateTime("issued_at")),
                instant(row.getOffsetDateTime("expires_at")), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("signed_at")));
    }

    /** The claims as stored (and signed); re-validated on the way out. */
    public QuoteClaims claims() {
        try {
            Map<String, Object> claims = Json.MAPPER.readValue(canonicalPayload, new TypeReference<Map<String, Object>>() {
            });
            return QuoteClaims.fromClaims(claims);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored payload of " + quoteId + " is not JSON", e);
        }
    }

    /** The status a reader sees now: a SIGNED quote past exp is EXPIRED even before the job marks it. */
    public QuoteStatus statusAt(Instant now) {
        return status == QuoteStatus.SIGNED && now.getEpochSecond() >= expiresAt.getEpochSecond() ? QuoteStatus.EXPIRED : status;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
