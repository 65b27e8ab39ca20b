-- Issue 19 (fewer round trips per write): a host unit, league organisation or milestone
-- recounts its county's maintained coverage in the same statement as the record, its
-- audit row and its feed event. The recount must take the county's lock and only then
-- read, with a snapshot taken after the lock (else it could miss a unit committed by the
-- writer it waited for); one statement has one snapshot, taken before any lock, so the
-- lock and the recount live in a VOLATILE function, whose every statement reads with a
-- fresh snapshot and sees what the calling statement wrote before calling it.

-- Every coverage figure of a county-level unit as of the last day of each month given
-- (first days): the one definition the writes' recount, the reconciliation and the
-- tests read.
CREATE FUNCTION league_coverage_figures(p_county bigint, p_months date[])
RETURNS TABLE (
    month date,
    school_units bigint,
    school_covered bigint,
    party_private_units bigint,
    party_private_covered bigint,
    parks bigint,
    parks_covered bigint,
    above_size_units bigint,
    above_size_covered bigint,
    state_units bigint,
    state_covered bigint,
    league_social_units bigint,
    league_social_covered bigint,
    top_units bigint,
    top_covered bigint,
    federation_units bigint,
    federation_covered bigint,
    ride_units bigint,
    ride_covered bigint,
    express_units bigint,
    express_covered bigint,
    middle_schools bigint,
    league_schools bigint,
    room_schools bigint,
    room_schools_with_room bigint,
    county_rooms bigint,
    towns_with_team bigint,
    two_teams integer,
    education_committee integer,
    social_founded bigint,
    social_dissolved bigint,
    social_at_year_start bigint,
    towns bigint
)
LANGUAGE sql STABLE
AS $$
    WITH months AS (
      SELECT m::date AS month, (m + interval '1 month' - interval '1 day')::date AS as_of,
             date_trunc('year', m)::date AS year_start
        FROM unnest(p_months) AS m)
    SELECT mo.month, u.*, ms.*, so.*, tw.*
      FROM months mo
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE kind IN ('MIDDLE_SCHOOL', 'VOCATIONAL_SCHOOL', 'TECHNICAL_SCHOOL', 'UNIVERSITY'))
                AS school_units,
              count(*) FILTER (WHERE kind IN ('MIDDLE_SCHOOL', 'VOCATIONAL_SCHOOL', 'TECHNICAL_SCHOOL', 'UNIVERSITY')
                                 AND covered) AS school_covered,
              count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND party_organized AND eligible)
                AS party_private_units,
              count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND party_organized AND eligible AND covered)
                AS party_private_covered,
              count(*) FILTER (WHERE kind = 'INDUSTRIAL_PARK') AS parks,
              count(*) FILTER (WHERE kind = 'INDUSTRIAL_PARK' AND covered) AS parks_covered,
              count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND above_designated_size) AS above_size_units,
              count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND above_designated_size AND covered)
                AS above_size_covered,
              count(*) FILTER (WHERE kind = 'STATE_ENTERPRISE') AS state_units,
              count(*) FILTER (WHERE kind = 'STATE_ENTERPRISE' AND covered) AS state_covered,
              count(*) FILTER (WHERE kind = 'LEAGUE_SOCIAL_ORGANIZATION' AND eligible) AS league_social_units,
              count(*) FILTER (WHERE kind = 'LEAGUE_SOCIAL_ORGANIZATION' AND eligible AND covered)
                AS league_social_covered,
              count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND eligible AND (provincial_top100 OR city_top20))
                AS top_units,
              count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND eligible AND (provincial_top100 OR city_top20)
                                 AND covered) AS top_covered,
              count(*) FILTER (WHERE eligible AND (youth_federation_member OR young_entrepreneur_member))
                AS federation_units,
              count(*) FILTER (WHERE eligible AND (youth_federation_member OR young_entrepreneur_member)
                                 AND covered) AS federation_covered,
              count(*) FILTER (WHERE kind = 'RIDE_HAILING') AS ride_units,
              count(*) FILTER (WHERE kind = 'RIDE_HAILING' AND covered) AS ride_covered,
              count(*) FILTER (WHERE kind = 'EXPRESS_DELIVERY') AS express_units,
              count(*) FILTER (WHERE kind = 'EXPRESS_DELIVERY' AND covered) AS express_covered,
              count(*) FILTER (WHERE kind = 'MIDDLE_SCHOOL') AS middle_schools,
              count(*) FILTER (WHERE kind = 'MIDDLE_SCHOOL' AND league_school) AS league_schools,
              count(*) FILTER (WHERE kind IN ('VOCATIONAL_SCHOOL', 'TECHNICAL_SCHOOL', 'UNIVERSITY'))
                AS room_schools,
              count(*) FILTER (WHERE kind IN ('VOCATIONAL_SCHOOL', 'TECHNICAL_SCHOOL', 'UNIVERSITY') AND has_room)
                AS room_schools_with_room
         FROM (SELECT h.kind, h.eligible, h.party_organized, h.above_designated_size, h.youth_federation_member,
                      h.young_entrepreneur_member, h.provincial_top100, h.city_top20,
                      EXISTS (SELECT 1 FROM league_org o WHERE o.host_unit_id = h.id AND o.founded_on <= mo.as_of
                                 AND (o.dissolved_on IS NULL OR o.dissolved_on > mo.as_of)) AS covered,
                      EXISTS (SELECT 1 FROM league_milestone m WHERE m.host_unit_id = h.id
                                 AND m.kind = 'LEAGUE_SCHOOL_FOUNDED' AND m.occurred_on <= mo.as_of) AS league_school,
                      EXISTS (SELECT 1 FROM league_milestone m WHERE m.host_unit_id = h.id
                                 AND m.kind = 'ACTIVITY_ROOM_OPENED' AND m.occurred_on <= mo.as_of) AS has_room
                 FROM host_unit h WHERE h.county_id = p_county) AS units) AS u
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE kind = 'ACTIVITY_ROOM_OPENED' AND host_unit_id IS NULL) AS county_rooms,
              count(DISTINCT town_id) FILTER (WHERE kind = 'TOWN_VOLUNTEER_TEAM_FOUNDED') AS towns_with_team,
              (bool_or(kind = 'COUNTY_VOLUNTEER_ASSOCIATION_FOUNDED') IS TRUE
                AND bool_or(kind = 'COUNTY_ENTREPRENEURSHIP_ORG_FOUNDED') IS TRUE)::int AS two_teams,
              (bool_or(kind = 'EDUCATION_COMMITTEE_FOUNDED') IS TRUE)::int AS education_committee
         FROM league_milestone WHERE county_id = p_county AND occurred_on <= mo.as_of) AS ms
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE founded_on BETWEEN mo.year_start AND mo.as_of) AS social_founded,
              count(*) FILTER (WHERE dissolved_on BETWEEN mo.year_start AND mo.as_of) AS social_dissolved,
              count(*) FILTER (WHERE founded_on < mo.year_start
                                 AND (dissolved_on IS NULL OR dissolved_on >= mo.year_start)) AS social_at_year_start
         FROM league_org WHERE county_id = p_county AND domain = 'SOCIAL') AS so
     CROSS JOIN (SELECT count(*) AS towns FROM org_unit WHERE parent_id = p_county AND level = 'TOWN') AS tw
     ORDER BY mo.month
$$;

-- Takes the county's lock (held to the end of the transaction: two writers of one
-- county recount one after the other), then recounts the months and stores them; answers
-- how many rows it stored.
CREATE FUNCTION league_coverage_store(p_county bigint, p_months date[])
RETURNS integer
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    stored integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('org_building:' || p_county, 0));
    INSERT INTO org_building_count (
        county_id, month, school_units, school_covered, party_private_units,
        party_private_covered, parks, parks_covered, above_size_units,
        above_size_covered, state_units, state_covered, league_social_units,
        league_social_covered, top_units, top_covered, federation_units,
        federation_covered, ride_units, ride_covered, express_units, express_covered,
        middle_schools, league_schools, room_schools, room_schools_with_room,
        county_rooms, towns, towns_with_team, two_teams, education_committee,
        social_founded, social_dissolved, social_at_year_start)
    SELECT p_county, f.month, f.school_units, f.school_covered, f.party_private_units,
           f.party_private_covered, f.parks, f.parks_covered, f.above_size_units,
           f.above_size_covered, f.state_units, f.state_covered, f.league_social_units,
           f.league_social_covered, f.top_units, f.top_covered, f.federation_units,
           f.federation_covered, f.ride_units, f.ride_covered, f.express_units,
           f.express_covered, f.middle_schools, f.league_schools, f.room_schools,
           f.room_schools_with_room, f.county_rooms, f.towns, f.towns_with_team,
           f.two_teams, f.education_committee, f.social_founded, f.social_dissolved,
           f.social_at_year_start
      FROM league_coverage_figures(p_county, p_months) f
    ON CONFLICT (county_id, month) DO UPDATE SET
        school_units = EXCLUDED.school_units, school_covered = EXCLUDED.school_covered,
        party_private_units = EXCLUDED.party_private_units,
        party_private_covered = EXCLUDED.party_private_covered, parks = EXCLUDED.parks,
        parks_covered = EXCLUDED.parks_covered,
        above_size_units = EXCLUDED.above_size_units,
        above_size_covered = EXCLUDED.above_size_covered,
        state_units = EXCLUDED.state_units, state_covered = EXCLUDED.state_covered,
        league_social_units = EXCLUDED.league_social_units,
        league_social_covered = EXCLUDED.league_social_covered,
        top_units = EXCLUDED.top_units, top_covered = EXCLUDED.top_covered,
        federation_units = EXCLUDED.federation_units,
        federation_covered = EXCLUDED.federation_covered,
        ride_units = EXCLUDED.ride_units, ride_covered = EXCLUDED.ride_covered,
        express_units = EXCLUDED.express_units,
        express_covered = EXCLUDED.express_covered,
        middle_schools = EXCLUDED.middle_schools,
        league_schools = EXCLUDED.league_schools, room_schools = EXCLUDED.room_schools,
        room_schools_with_room = EXCLUDED.room_schools_with_room,
        county_rooms = EXCLUDED.county_rooms, towns = EXCLUDED.towns,
        towns_with_team = EXCLUDED.towns_with_team, two_teams = EXCLUDED.two_teams,
        education_committee = EXCLUDED.education_committee,
        social_founded = EXCLUDED.social_founded,
        social_dissolved = EXCLUDED.social_dissolved,
        social_at_year_start = EXCLUDED.social_at_year_start;
    GET DIAGNOSTICS stored = ROW_COUNT;
    RETURN stored;
END
$$;
