-- The dashboard recount of a town-month reads visits by (town, month), like need,
-- youth_home_activity and themed_event already are. Without it each recount scanned the month's
-- visits city-wide: 50-330 ms per town-month on province-scale data, about 8 ms with it
-- (EXPLAIN ANALYZE, docs/performance.md "Tuning with evidence").
CREATE INDEX visit_town_month_idx ON visit (town_id, month);
