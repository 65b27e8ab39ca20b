-- A town-month recount (CountRepository.RECOUNT) reads only these indexes: the figures it
-- filters and counts on are included, so it needs no heap page of the month's records
-- (measured on province-scale data, docs/performance.md). They replace the plain indexes.
CREATE INDEX visit_town_month_cover_idx ON visit (town_id, month) INCLUDE (status, in_visit_week, user_id);
DROP INDEX visit_town_month_idx;

CREATE INDEX need_town_month_cover_idx ON need (town_id, month) INCLUDE (status);
DROP INDEX need_town_month_idx;

CREATE INDEX youth_home_activity_town_cover_idx ON youth_home_activity (town_id, month) INCLUDE (participants);
DROP INDEX youth_home_activity_town_idx;
