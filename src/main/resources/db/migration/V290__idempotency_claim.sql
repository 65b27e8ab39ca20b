-- Issue 19 (fewer round trips per write): a create may claim its idempotency key, store its
-- answer and write its record in one statement, with no transaction around it (one
-- statement is atomic). The answer is known before the statement (the record's id is drawn
-- from its sequence by the read that precedes it), so the key row is inserted complete.
--
-- The claim fails the whole statement, and so every row it wrote, with SQLSTATE GRK01 when
-- the key is taken: by a committed first request (the caller then replays its answer or
-- refuses another request under the key) or by one still running, whose advisory lock is
-- tried so that the second never waits on the first's uncommitted row. VOLATILE: run once,
-- when the statement's record insert reads it.
CREATE FUNCTION claim_idempotency_key(p_user bigint, p_key text, p_operation text, p_hash text,
                                      p_now timestamptz, p_status int, p_body text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtextextended(p_user::text || ':' || p_key, 0)) THEN
        RAISE EXCEPTION USING ERRCODE = 'GRK01', MESSAGE = 'idempotency key in use by a running request';
    END IF;
    INSERT INTO idempotency_key (user_id, key, operation, request_hash, created_at, response_status, response_body)
    VALUES (p_user, p_key, p_operation, p_hash, p_now, p_status, p_body)
    ON CONFLICT (user_id, key) DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'GRK01', MESSAGE = 'idempotency key already used';
    END IF;
    RETURN true;
END
$$;
