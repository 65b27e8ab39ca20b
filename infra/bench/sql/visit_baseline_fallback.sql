-- pgbench's insert target while the service has no `visit` table yet: a copy of V20__visit.sql (visits branch,
-- as read on 2026-11-27) under another name. Once `visit` exists, run.sh builds the scratch table with
-- (LIKE visit INCLUDING ALL) plus visit's foreign keys instead, so it follows the real migration.
DROP TABLE IF EXISTS bench_visit_baseline;
CREATE TABLE bench_visit_baseline (
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
CREATE INDEX bench_visit_baseline_user_idx ON bench_visit_baseline (user_id, effective_at DESC, id DESC);
CREATE INDEX bench_visit_baseline_month_idx ON bench_visit_baseline (month, effective_at DESC, id DESC);
CREATE INDEX bench_visit_baseline_org_idx ON bench_visit_baseline (org_id, month);
CREATE INDEX bench_visit_baseline_open_idx ON bench_visit_baseline (day_end) WHERE status = 'IN_PROGRESS';
