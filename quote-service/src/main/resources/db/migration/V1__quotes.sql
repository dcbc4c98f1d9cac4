-- partner_quote_seq (quote spec s.10): one sequence per partner signing system, strictly increasing,
-- never reused. CACHE 1 (the default) so that numbers are handed out in allocation order across all
-- connections and instances; a number taken by a request that then fails stays a visible gap.
CREATE SEQUENCE partner_quote_seq AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 NO CYCLE CACHE 1;

-- One row per allocated quote, written PENDING with its canonical unsigned payload before the
-- signer is asked, then SIGNED (with the JWS and kid), REJECTED, FAILED, and finally EXPIRED.
CREATE TABLE quote (
    quote_id            text PRIMARY KEY,
    partner_quote_seq   bigint NOT NULL UNIQUE,
    jti                 text NOT NULL UNIQUE,
    partner_id          text NOT NULL,
    subscription_id     text NOT NULL,
    idempotency_key     text NOT NULL,
    request_sha256      text NOT NULL,
    corridor            text NOT NULL,
    send_amount         numeric(20, 4) NOT NULL,
    send_currency       char(3) NOT NULL,
    receive_amount      numeric(24, 4) NOT NULL,
    receive_currency    char(3) NOT NULL,
    fx_rate             numeric(20, 4) NOT NULL,
    market_rate         numeric(24, 12) NOT NULL,
    rate_source         text NOT NULL,
    rate_as_of          timestamptz NOT NULL,
    total_consumer_cost numeric(20, 4) NOT NULL,
    issued_at           timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    canonical_payload   text NOT NULL,
    payload_sha256      text NOT NULL,
    jws                 text,
    kid                 text,
    status              text NOT NULL CHECK (status IN ('PENDING', 'SIGNED', 'REJECTED', 'FAILED', 'EXPIRED')),
    error_code          text,
    correlation_id      text NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    signed_at           timestamptz,
    -- a JWS exists exactly for quotes that were signed (and may since have expired)
    CHECK ((status IN ('SIGNED', 'EXPIRED')) = (jws IS NOT NULL))
);

-- Idempotency: one live attempt per (subscription, key). A FAILED attempt (signer unavailable) does
-- not hold the key, so the client's retry with the same key gets a new quote and a new number.
CREATE UNIQUE INDEX quote_idempotency_live ON quote (subscription_id, idempotency_key) WHERE status <> 'FAILED';
CREATE INDEX quote_idempotency_lookup ON quote (subscription_id, idempotency_key, created_at DESC);
-- The expiry job's scan.
CREATE INDEX quote_signed_expiry ON quote (expires_at) WHERE status = 'SIGNED';
CREATE INDEX quote_pending_age ON quote (created_at) WHERE status = 'PENDING';

-- Every status a quote went through, with the error code and correlation id of the transition.
CREATE TABLE quote_status_history (
    id             bigserial PRIMARY KEY,
    quote_id       text NOT NULL REFERENCES quote (quote_id),
    status         text NOT NULL,
    error_code     text,
    kid            text,
    correlation_id text,
    at             timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX quote_status_history_quote ON quote_status_history (quote_id, id);
