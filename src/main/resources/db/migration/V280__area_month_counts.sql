-- The county and city dashboards' own rows (issue 19): one row per leading organ (the
-- city and each county-level unit) and month, with the sums of its towns' maintained
-- rows, how many of its towns were visited in visit week, and the cadre compliance of the
-- organs under it (a county: its own; the city: its own and every county's). The
-- aggregator rewrites a month's rows in the transaction that recounts any town or organ
-- of that month, so they never disagree with the town rows a reader may compare them
-- with. A view reads one statement of at most nine rows instead of every county's towns
-- and organ rows.
CREATE TABLE area_month_counts (
    org_id                         bigint      NOT NULL REFERENCES org_unit (id),
    month                          date        NOT NULL,
    towns                          bigint      NOT NULL,
    towns_covered                  bigint      NOT NULL,
    visits                         bigint      NOT NULL,
    visits_completed               bigint      NOT NULL,
    visits_completed_in_week       bigint      NOT NULL,
    visiting_cadres                bigint      NOT NULL,
    activities                     bigint      NOT NULL,
    activity_participants          bigint      NOT NULL,
    verified_participants          bigint      NOT NULL,
    youth_homes                    bigint      NOT NULL,
    youth_homes_meeting_target     bigint      NOT NULL,
    themed_events                  bigint      NOT NULL,
    villages_with_first_secretary  bigint      NOT NULL,
    villages_meeting_target        bigint      NOT NULL,
    needs_opened                   bigint      NOT NULL,
    needs_resolved                 bigint      NOT NULL,
    cadres                         bigint      NOT NULL,
    cadres_completed               bigint      NOT NULL,
    computed_at                    timestamptz NOT NULL,
    PRIMARY KEY (month, org_id)
);

-- A town created, moved to another county or removed changes its counties' sums for
-- every month: it marks them as a binding change marks an organ (organ_dirty), and the
-- aggregator rewrites every month's rows.
CREATE FUNCTION area_town_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.level IN ('TOWN', 'COUNTY') AND OLD.parent_id IS NOT NULL THEN
        INSERT INTO organ_dirty (org_id) VALUES (OLD.parent_id);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.level IN ('TOWN', 'COUNTY') AND NEW.parent_id IS NOT NULL THEN
        INSERT INTO organ_dirty (org_id) VALUES (NEW.parent_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER org_unit_area_dirty
    AFTER INSERT OR DELETE OR UPDATE OF parent_id, path, level ON org_unit
    FOR EACH ROW EXECUTE FUNCTION area_town_changed();
