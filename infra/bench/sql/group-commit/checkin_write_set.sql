-- The same write for :batch check-ins in one statement (every CTE inserts :batch rows): the most a set-based
-- group commit could save on PostgreSQL's side (one parse, one plan, one commit for the batch).
WITH idem AS (SELECT claim_idempotency_key(1, gen_random_uuid()::text, 'visit.check-in', '15a296098e8cd124e4dc91d2b54c707e9954dc87ee00e8e99d14c0027d2add42', now(), 201, repeat('x', 520)) AS claimed FROM generate_series(1, :batch)),
v AS (INSERT INTO visit (id, user_id, org_id, town_id, status, occurred_at, received_at, effective_at,
                         month, day_end, in_visit_week, flags, check_in_lat, check_in_lng,
                         check_in_accuracy, check_in_coord_system, note, photo_ids, created_at, updated_at)
      OVERRIDING SYSTEM VALUE
      SELECT nextval(pg_get_serial_sequence('visit','id')), 1, 41, 41, 'IN_PROGRESS', null, now(), now(), '2026-12-01',
             now() + interval '1 day', true, '{}', 33.437, 113.609, 12, 'WGS84', null, '{}', now(), now()
        FROM generate_series(1, :batch) WHERE (SELECT bool_and(claimed) FROM idem)
RETURNING id),
event AS (INSERT INTO feed_event (type, org_id, org_path, org_name, town_id, county_id, actor_user_id,
                        actor_name, occurred_at, summary, record_id, photo_ids, created_at, retracts)
SELECT 'VISIT_CHECKED_IN', 41, '/4111/411121/411121100/', '舞泉镇',
       (SELECT a.id FROM org_unit a WHERE a.code = lineage.codes[3] AND a.level = 'TOWN'),
       (SELECT a.id FROM org_unit a WHERE a.code = lineage.codes[2] AND a.level = 'COUNTY'),
       1, '微信用户', now(), '舞泉镇', v.id, '{}', now(), null
  FROM (SELECT CASE WHEN pg_try_advisory_xact_lock_shared(1717921126) THEN pg_notify('feed_outbox', '') END
          FROM (SELECT pg_advisory_xact_lock_shared(1717921124) OFFSET 0) AS in_flight
        OFFSET 0) AS wake_relay,
       (SELECT string_to_array(trim(BOTH '/' FROM '/4111/411121/411121100/'), '/') AS codes) AS lineage, v
),
dirty AS (INSERT INTO count_dirty (town_id, month, visitor_id, every_visitor) SELECT 41, '2026-12-01', 1, false FROM generate_series(1, :batch))
SELECT id FROM v;
