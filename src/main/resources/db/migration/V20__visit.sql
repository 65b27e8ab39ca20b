-- 走基层 visits: one row per check-in, completed by its check-out. The device time
-- (occurred_at) and the receive time are both kept; effective_at is the business time every
-- rule judges by (visit week, month, end of day), and day_end is when an unfinished visit
-- stops being open (Asia/Shanghai midnight after effective_at).
CREATE TABLE visit (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id                bigint           NOT NULL REFERENCES app_user (id),
    org_id                 bigint           NOT NULL REFERENCES org_unit (id),
    town_id                bigint           NOT NULL REFERENCES org_unit (id),
    status                 text             NOT NULL CHECK (status IN ('IN_PROGRESS', 'COMPLETED', 'AUTO_CLOSED')),
    occurred_at            timestamptz,
    received_at            timestamptz      NOT NULL,
    effective_at           timestamptz      NOT NULL,
    month                  date             NOT NULL,
    day_end                timestamptz      NOT NULL,
    in_visit_week          boolean          NOT NULL,
    flags                  text[]           NOT NULL DEFAULT '{}',
    check_in_lat           double precision NOT NULL CHECK (check_in_lat BETWEEN -90 AND 90),
    check_in_lng           double precision NOT NULL CHECK (check_in_lng BETWEEN -180 AND 180),
    check_in_accuracy      double precision,
    check_in_coord_system  text             NOT NULL CHECK (check_in_coord_system IN ('WGS84', 'GCJ02')),
    note                   text,
    photo_ids              bigint[]         NOT NULL DEFAULT '{}',
    check_out_lat          double precision,
    check_out_lng          double precision,
    check_out_accuracy     double precision,
    check_out_coord_system text CHECK (check_out_coord_system IN ('WGS84', 'GCJ02')),
    check_out_occurred_at  timestamptz,
    checked_out_at         timestamptz,
    people_met             int,
    resolved               text[]           NOT NULL DEFAULT '{}',
    summary                text,
    auto_closed_at         timestamptz,
    created_at             timestamptz      NOT NULL,
    updated_at             timestamptz      NOT NULL,
    CHECK ((status = 'COMPLETED') = (checked_out_at IS NOT NULL))
);
CREATE INDEX visit_user_idx ON visit (user_id, effective_at DESC, id DESC);
CREATE INDEX visit_month_idx ON visit (month, effective_at DESC, id DESC);
CREATE INDEX visit_org_idx ON visit (org_id, month);
-- the sweeper's work list stays tiny: only open visits are indexed
CREATE INDEX visit_open_idx ON visit (day_end) WHERE status = 'IN_PROGRESS';

-- Every correction of a visit after the fact: who, when, why, and the changed fields.
CREATE TABLE visit_change (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visit_id    bigint      NOT NULL REFERENCES visit (id),
    changed_by  bigint      NOT NULL REFERENCES app_user (id),
    changed_at  timestamptz NOT NULL,
    reason      text,
    before      jsonb       NOT NULL,
    after       jsonb       NOT NULL
);
CREATE INDEX visit_change_visit_idx ON visit_change (visit_id, id);
