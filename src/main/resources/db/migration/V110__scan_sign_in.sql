-- PC sign-in by scanning a mini-program code (issue 23).

-- A browser session: the refresh family handed to a browser after a scan, bound to the
-- user and to the role bindings they held when they confirmed. Revoking it revokes the
-- family and makes every access token carrying its id (claim "sid") refused.
CREATE TABLE pc_session (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES app_user (id),
    family       uuid        NOT NULL UNIQUE,
    binding_ids  bigint[]    NOT NULL,
    user_agent   text,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    revoked_by   bigint REFERENCES app_user (id)
);
CREATE INDEX pc_session_user_idx ON pc_session (user_id, id DESC);

-- One sign-in attempt: the scene is in the code a phone scans; the id and the secret stay
-- with the browser (only a hash of the secret is kept). EXPIRED is not stored: a WAITING or
-- SCANNED attempt past expires_at is expired. Tokens are handed out once (collected_at).
CREATE TABLE scan_session (
    id             text        PRIMARY KEY,
    scene          text        NOT NULL UNIQUE,
    secret_hash    text        NOT NULL,
    status         text        NOT NULL CHECK (status IN ('WAITING', 'SCANNED', 'CONFIRMED', 'DECLINED')),
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    user_agent     text,
    user_id        bigint REFERENCES app_user (id),
    binding_ids    bigint[],
    decided_at     timestamptz,
    collected_at   timestamptz,
    pc_session_id  bigint REFERENCES pc_session (id)
);
CREATE INDEX scan_session_expires_idx ON scan_session (expires_at);
