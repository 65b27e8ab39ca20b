-- Voided records (issue 21, "fix my mistakes"): the author within the amendment window or an
-- administrator of the scope voids a record with a reason. A voided row stays (admins still
-- see it, flagged) but leaves every count, report, list of non-admins and the feed. The same
-- three columns on every record kind; one audit table for corrections and voids of them all.
ALTER TABLE visit ADD COLUMN voided_at timestamptz, ADD COLUMN voided_by bigint REFERENCES app_user (id),
    ADD COLUMN void_reason text;
ALTER TABLE need ADD COLUMN voided_at timestamptz, ADD COLUMN voided_by bigint REFERENCES app_user (id),
    ADD COLUMN void_reason text;
ALTER TABLE youth_home_activity ADD COLUMN voided_at timestamptz, ADD COLUMN voided_by bigint REFERENCES app_user (id),
    ADD COLUMN void_reason text;
ALTER TABLE themed_event ADD COLUMN voided_at timestamptz, ADD COLUMN voided_by bigint REFERENCES app_user (id),
    ADD COLUMN void_reason text;
ALTER TABLE theme ADD COLUMN voided_at timestamptz, ADD COLUMN voided_by bigint REFERENCES app_user (id),
    ADD COLUMN void_reason text;
ALTER TABLE volunteer_team ADD COLUMN voided_at timestamptz, ADD COLUMN voided_by bigint REFERENCES app_user (id),
    ADD COLUMN void_reason text;
ALTER TABLE youth_organization ADD COLUMN voided_at timestamptz, ADD COLUMN voided_by bigint REFERENCES app_user (id),
    ADD COLUMN void_reason text;
ALTER TABLE media ADD COLUMN voided_at timestamptz, ADD COLUMN voided_by bigint REFERENCES app_user (id),
    ADD COLUMN void_reason text;

-- The recount of a town-month (dashboard Recounts) counts live records only: its covering
-- indexes become partial on the same condition, so it still reads index pages only.
CREATE INDEX visit_town_month_live_idx ON visit (town_id, month) INCLUDE (status, in_visit_week, user_id)
    WHERE voided_at IS NULL;
DROP INDEX visit_town_month_cover_idx;
CREATE INDEX need_town_month_live_idx ON need (town_id, month) INCLUDE (status) WHERE voided_at IS NULL;
DROP INDEX need_town_month_cover_idx;
CREATE INDEX youth_home_activity_town_live_idx ON youth_home_activity (town_id, month) INCLUDE (participants)
    WHERE voided_at IS NULL;
DROP INDEX youth_home_activity_town_cover_idx;

-- Who corrected or voided which record, when, why, and the record before and after.
-- org_id/org_path: the record's org when it was audited; its administrators read the trail.
CREATE TABLE record_audit (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       text        NOT NULL,
    record_id  bigint      NOT NULL,
    actor_id   bigint      NOT NULL REFERENCES app_user (id),
    action     text        NOT NULL CHECK (action IN ('CORRECT', 'VOID')),
    reason     text        NOT NULL,
    before     jsonb       NOT NULL,
    after      jsonb       NOT NULL,
    org_id     bigint      NOT NULL REFERENCES org_unit (id),
    org_path   text        NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX record_audit_record_idx ON record_audit (kind, record_id, id);

-- A voided record's feed events are retracted (history and resume skip them); the correction
-- event that follows names them in `retracts`, so live clients drop them.
ALTER TABLE feed_event ADD COLUMN retracted_at timestamptz, ADD COLUMN retracts bigint[];
CREATE INDEX feed_event_record_idx ON feed_event (record_id) WHERE record_id IS NOT NULL;

-- A voided theme, team or organization no longer holds its month or name: another may take it.
ALTER TABLE theme DROP CONSTRAINT theme_county_id_month_key;
CREATE UNIQUE INDEX theme_live_key ON theme (county_id, month) WHERE voided_at IS NULL;
ALTER TABLE volunteer_team DROP CONSTRAINT volunteer_team_county_id_name_key;
CREATE UNIQUE INDEX volunteer_team_live_key ON volunteer_team (county_id, name) WHERE voided_at IS NULL;
ALTER TABLE youth_organization DROP CONSTRAINT youth_organization_youth_home_id_name_key;
CREATE UNIQUE INDEX youth_organization_live_key ON youth_organization (youth_home_id, name) WHERE voided_at IS NULL;
