-- A leading organ's monthly compliance (CountRepository.cadreCompliance: its bound cadres and
-- how many fulfilled the month's duty), read by the county and city dashboards, reads only
-- these indexes: the binding's user and the duty's completed flag are included, so the join
-- needs no heap page (measured in docs/performance.md: 25 -> 10 ms per county on
-- province-scale data). The primary key keeps its columns, so the duty upsert's conflict
-- target is unchanged.
CREATE INDEX role_binding_org_cover_idx ON role_binding (org_id, role) INCLUDE (user_id) WHERE revoked_at IS NULL;
DROP INDEX role_binding_org_idx;

ALTER TABLE user_month_duty DROP CONSTRAINT user_month_duty_pkey,
    ADD CONSTRAINT user_month_duty_pkey PRIMARY KEY (month, user_id) INCLUDE (completed);
