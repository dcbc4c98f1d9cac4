-- X-API-REQUEST ids already used. The primary key makes "first use wins" atomic across every gateway
-- instance (INSERT ... ON CONFLICT DO NOTHING, then the row count says who won). The uuid type is the
-- canonical form of the id: case-insensitive on input, one value per UUID.
CREATE TABLE request_nonce (
    request_id  uuid        PRIMARY KEY,
    issued_at   timestamptz NOT NULL,   -- the UUIDv7 timestamp: rows older than the freshness window are purged
    received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX request_nonce_issued_at ON request_nonce (issued_at);
