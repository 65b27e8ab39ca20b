-- The check-in's write as the service sends it (VisitRecording: the key's claim with the stored answer, the visit,
-- its feed event with the relay's wake-up, the dirty mark), with constants for one cadre and a fresh key each time.
-- The locks and channel are OutboxWriter's (FeedRepository.WRITER_LOCK, AWAKE_LOCK, OutboxWakeups.CHANNEL): while
-- a session holds the awake lock, as the relay does under load, the write does not notify.
-- probe-group-commit.sh runs it one to a transaction (as the service does) and BATCH to a transaction.
WITH idem AS (SELECT claim_idempotency_key(1, gen_random_uuid()::text, 'visit.check-in', '15a296098e8cd124e4dc91d2b54c707e9954dc87ee00e8e99d14c0027d2add42', now(), 201, repeat('x', 520)) AS claimed),
v AS (INSERT INTO visit (id, user_id, org_id, town_id, status, occurred_at, received_at, effective_at,
                         month, day_end, in_visit_week, flags, check_in_lat, check_in_lng,
                         check_in_accuracy, check_in_coord_system, note, photo_ids, created_at, updated_at)
      OVERRIDING SYSTEM VALUE
      SELECT nextval(pg_get_serial_sequence('visit','id')), 1, 41, 41, 'IN_PROGRESS', null, now(), now(), '2026-12-01',
             now() + interval '1 day', true, '{}', 33.437, 113.609, 12, 'WGS84', null, '{}', now(), now()
       WHERE (SELECT claimed FROM idem)
RETURNING id),
event AS (INSERT INTO feed_event (type, org_id, org_path, org_name, town_id, county_id, actor_user_id,
                        actor_name, occurred_at, summary, record_id, photo_ids, created_at, retracts)
SELECT 'VISIT_CHECKED_IN', 41, '/4111/411121/411121100/', '舞泉镇',
       (SELECT a.id FROM org_unit a WHERE a.code = lineage.codes[3] AND a.level = 'TOWN'),
       (SELECT a.id FROM org_unit a WHERE a.code = lineage.codes[2] AND a.level = 'COUNTY'),
       1, '微信用户', now(), '舞泉镇', (SELECT id FROM v), '{}', now(), null
  FROM (SELECT CASE WHEN pg_try_advisory_xact_lock_shared(1717921126) THEN pg_notify('feed_outbox', '') END
          FROM (SELECT pg_advisory_xact_lock_shared(1717921124) OFFSET 0) AS in_flight
        OFFSET 0) AS wake_relay,
       (SELECT string_to_array(trim(BOTH '/' FROM '/4111/411121/411121100/'), '/') AS codes) AS lineage
),
dirty AS (INSERT INTO count_dirty (town_id, month, visitor_id, every_visitor) VALUES (41, '2026-12-01', 1, false))
SELECT id FROM v;
