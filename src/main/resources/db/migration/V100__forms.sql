-- The monthly statistics forms 附件4 (school domain) and 附件5 (social domain). A draft is
-- computed live from the league-organisation records; submitting freezes both forms of a
-- filler unit (a county-level unit or a department of the city committee) and month.
CREATE TABLE form_submission (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id           bigint      NOT NULL REFERENCES org_unit (id),
    month             date        NOT NULL,
    submitted_at      timestamptz NOT NULL,
    submitted_by      bigint      NOT NULL REFERENCES app_user (id),
    submitted_by_name text        NOT NULL,
    late              boolean     NOT NULL,
    -- {"school": <form>|null, "social": <form>|null}: what the filler saw, frozen
    snapshot          jsonb       NOT NULL,
    reopened_at       timestamptz,
    reopened_by       bigint REFERENCES app_user (id),
    reopen_reason     text
);
-- one open submission per filler unit and month; reopened ones stay as history
CREATE UNIQUE INDEX form_submission_open_uq ON form_submission (unit_id, month) WHERE reopened_at IS NULL;
CREATE INDEX form_submission_month_idx ON form_submission (month);

-- Who submitted and who reopened (with the reason), in order.
CREATE TABLE form_audit (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id bigint      NOT NULL REFERENCES form_submission (id),
    event         text        NOT NULL CHECK (event IN ('SUBMITTED', 'REOPENED')),
    actor_user_id bigint      NOT NULL REFERENCES app_user (id),
    at            timestamptz NOT NULL,
    reason        text
);
CREATE INDEX form_audit_submission_idx ON form_audit (submission_id);

-- A filler's note on one line of a form (the line is a record; the note is not).
CREATE TABLE form_annotation (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id     bigint      NOT NULL REFERENCES org_unit (id),
    month       date        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('school', 'social')),
    column_key  text        NOT NULL,
    record_ref  text        NOT NULL,
    note        text        NOT NULL,
    written_by  bigint      NOT NULL REFERENCES app_user (id),
    written_at  timestamptz NOT NULL,
    UNIQUE (unit_id, month, kind, column_key, record_ref)
);
