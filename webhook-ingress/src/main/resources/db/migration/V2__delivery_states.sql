-- The delivery record is written before publication (RECEIVED) and marked ACCEPTED only after the
-- broker acknowledged the CloudEvent; see the README's state machine. The body digest detects a
-- delivery id reused for a different body; attempts counts receipts of the id for operators.
alter table delivery
    add column body_sha256     char(64),
    add column accepted_at     timestamptz,
    add column last_received_at timestamptz,
    add column attempts        integer not null default 1;
alter table delivery
    add constraint delivery_state_known check (state in ('RECEIVED', 'ACCEPTED'));
