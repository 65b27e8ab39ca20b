-- Issue 19: a write in one statement with no transaction around it (the check-out) must
-- fail whole when its record no longer qualifies (the visit was completed or closed since
-- it was read): its idempotency key's claim and its other steps run whether or not the
-- record's UPDATE matched a row, and only an error undoes them. The statement's final query
-- calls this with whether the record was written; false raises p_state (the caller maps it
-- to the answer a refused write gets). VOLATILE: never folded or skipped by the planner.
CREATE FUNCTION require_written(p_written boolean, p_state text, p_message text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF p_written IS NOT TRUE THEN
        RAISE EXCEPTION USING ERRCODE = p_state, MESSAGE = p_message;
    END IF;
    RETURN true;
END
$$;
