-- Idempotency keys of record-creating writes: written in the same transaction as the record,
-- so a key exists exactly when its record does. Kept 48 h (at least the promised 24 h).
CREATE TABLE idempotency_key (
    user_id          bigint      NOT NULL,
    key              text        NOT NULL,
    operation        text        NOT NULL,
    request_hash     text        NOT NULL,
    response_status  int,
    response_body    text,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
