-- Cadre compliance per leading organ (the city and the county-level units) and month: how
-- many cadres, secretaries and leaders it has and how many did their monthly duty. The
-- county and city dashboards read these rows instead of joining the bindings with
-- user_month_duty on every request. The aggregator recounts an organ's month when the
-- duty of one of its cadres is recomputed, and every month of an organ whose bindings
-- change (organ_dirty, written by the trigger below whoever changes role_binding).
CREATE TABLE organ_month_cadres (
    org_id       bigint      NOT NULL REFERENCES org_unit (id),
    month        date        NOT NULL,
    cadres       bigint      NOT NULL,
    completed    bigint      NOT NULL,
    computed_at  timestamptz NOT NULL,
    PRIMARY KEY (org_id, month)
);

CREATE TABLE organ_dirty (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    consumed_at  timestamptz
);
CREATE INDEX organ_dirty_pending ON organ_dirty (id) WHERE consumed_at IS NULL;

CREATE FUNCTION organ_binding_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.role IN ('COUNTY_SECRETARY', 'CADRE', 'CITY_LEADER') THEN
        INSERT INTO organ_dirty (org_id) VALUES (OLD.org_id);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.role IN ('COUNTY_SECRETARY', 'CADRE', 'CITY_LEADER') THEN
        INSERT INTO organ_dirty (org_id) VALUES (NEW.org_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER role_binding_organ_dirty
    AFTER INSERT OR DELETE OR UPDATE OF role, org_id, revoked_at, user_id ON role_binding
    FOR EACH ROW EXECUTE FUNCTION organ_binding_changed();
