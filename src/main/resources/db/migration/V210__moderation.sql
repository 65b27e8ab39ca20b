-- Content security (issue 22). Photos: one row per photo uploaded from now on, its WeChat
-- media check and its state; older photos have none and count as cleared.
CREATE TABLE photo_check (
    photo_id        bigint      PRIMARY KEY REFERENCES media (id),
    owner_id        bigint      NOT NULL REFERENCES app_user (id),
    status          text        NOT NULL CHECK (status IN ('PENDING', 'REVIEW', 'UNANSWERED', 'PASS', 'RISKY',
                                                           'RELEASED', 'REMOVED')),
    trace_id        text        UNIQUE,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    label           text,
    created_at      timestamptz NOT NULL,
    decided_at      timestamptz
);
-- the submitter's work: photos waiting to be (re)submitted
CREATE INDEX photo_check_due_idx ON photo_check (next_attempt_at) WHERE status = 'PENDING';
-- every instance's picture of the photos others may not see (small: pending and withdrawn)
CREATE INDEX photo_check_uncleared_idx ON photo_check (photo_id) WHERE status NOT IN ('PASS', 'RELEASED');

-- The queue city admins decide: held texts (with the feed event they withhold), risky or
-- held photos, checks WeChat never answered.
CREATE TABLE moderation_item (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text        NOT NULL CHECK (kind IN ('TEXT_HELD', 'PHOTO_RISKY', 'PHOTO_REVIEW',
                                                         'CHECK_UNANSWERED')),
    status         text        NOT NULL CHECK (status IN ('OPEN', 'RELEASED', 'REMOVED')),
    record_type    text,
    record_id      bigint,
    photo_id       bigint      REFERENCES media (id),
    org_id         bigint      REFERENCES org_unit (id),
    author_id      bigint      NOT NULL REFERENCES app_user (id),
    excerpt        text        NOT NULL,
    reason         text,
    label          text,
    held_event     jsonb,
    created_at     timestamptz NOT NULL,
    decided_at     timestamptz,
    decided_by     bigint      REFERENCES app_user (id),
    decision_note  text
);
CREATE INDEX moderation_item_open_idx ON moderation_item (id DESC) WHERE status = 'OPEN';
CREATE INDEX moderation_item_photo_idx ON moderation_item (photo_id) WHERE photo_id IS NOT NULL;

-- Every decision, by an admin (actor_id) or by WeChat (actor_id NULL): who, when, what, why.
CREATE TABLE moderation_audit (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id    bigint      REFERENCES moderation_item (id),
    photo_id   bigint      REFERENCES media (id),
    actor_id   bigint      REFERENCES app_user (id),
    action     text        NOT NULL,
    reason     text,
    at         timestamptz NOT NULL
);
CREATE INDEX moderation_audit_item_idx ON moderation_audit (item_id);
