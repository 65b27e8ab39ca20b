-- One check-in row as POST /api/v1/visits writes it (status IN_PROGRESS, check-in fields only), prepared
-- (-M prepared, like R2DBC's extended protocol). run.sh passes the id ranges with -D; ids are contiguous.
\set uid random(:umin, :umax)
\set org random(:omin, :omax)
\set lat random(33560000, 33600000)
\set lng random(114000000, 114040000)
INSERT INTO bench_visit_baseline (user_id, org_id, town_id, status, occurred_at, received_at, effective_at, month,
                                  day_end, in_visit_week, flags, check_in_lat, check_in_lng, check_in_accuracy,
                                  check_in_coord_system, note, created_at, updated_at)
VALUES (:uid, :org, :org, 'IN_PROGRESS', now(), now(), now(), date '2026-12-01', now() + interval '14 hours', true,
        '{}', :lat / 1000000.0, :lng / 1000000.0, 12.0, 'WGS84', '走基层周入户走访', now(), now());
