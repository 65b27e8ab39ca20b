-- Feed outbox: one row per accepted record, written in the record's transaction. The relay
-- publishes unpublished rows to Redis; the rows stay as the feed's history.
CREATE TABLE feed_event (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type           text        NOT NULL,
    org_id         bigint      NOT NULL REFERENCES org_unit (id),
    org_path       text        NOT NULL,
    org_name       text        NOT NULL,
    town_id        bigint,
    county_id      bigint,
    actor_user_id  bigint,
    actor_name     text        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    summary        text        NOT NULL,
    record_id      bigint,
    photo_ids      bigint[]    NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL,
    published_at   timestamptz
);
CREATE INDEX feed_event_unpublished_idx ON feed_event (id) WHERE published_at IS NULL;
CREATE INDEX feed_event_path_idx ON feed_event (org_path text_pattern_ops, id DESC);

-- Town-months whose dashboard counts must be recomputed: appended (never updated, so no hot
-- row) in the write's transaction, consumed in batches with SKIP LOCKED by any instance.
CREATE TABLE count_dirty (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    town_id  bigint NOT NULL,
    month    date   NOT NULL
);
