-- pgbench's read target while the dashboard's maintained table `town_month_counts` does not exist yet: the same
-- shape (one row per town and month, primary key (month, town_id), the TownRow counts), 58 towns x 24 months.
DROP TABLE IF EXISTS bench_town_month;
CREATE TABLE bench_town_month (
    month                        date   NOT NULL,
    town_id                      bigint NOT NULL,
    visits                       int    NOT NULL,
    visits_completed             int    NOT NULL,
    visiting_cadres              int    NOT NULL,
    activities                   int    NOT NULL,
    activity_participants        int    NOT NULL,
    verified_participants        int    NOT NULL,
    youth_homes                  int    NOT NULL,
    youth_homes_meeting_target   int    NOT NULL,
    themed_events                int    NOT NULL,
    villages_with_first_secretary int   NOT NULL,
    villages_meeting_target      int    NOT NULL,
    needs_opened                 int    NOT NULL,
    needs_resolved               int    NOT NULL,
    computed_at                  timestamptz NOT NULL,
    PRIMARY KEY (month, town_id)
);
INSERT INTO bench_town_month
SELECT m::date, t.id, (random() * 40)::int, (random() * 30)::int, (random() * 20)::int, (random() * 6)::int,
       (random() * 300)::int, (random() * 200)::int, 1, (random() < 0.7)::int, (random() * 20)::int,
       (random() * 20)::int, (random() * 15)::int, (random() * 10)::int, (random() * 6)::int, now()
FROM org_unit t CROSS JOIN generate_series(date '2024-12-01', date '2026-11-01', interval '1 month') m
WHERE t.level = 'TOWN';
ANALYZE bench_town_month;
