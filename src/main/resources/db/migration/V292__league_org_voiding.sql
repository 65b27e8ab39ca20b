-- A league organisation recorded by mistake is voided (POST /league-orgs/{id}/void, through the
-- correction feature as every other record kind): it keeps its row for the record, and leaves
-- every count, form and list. The coverage figures (V250) skip voided organisations; the
-- void recounts the county's months from the founding on.
ALTER TABLE league_org ADD COLUMN voided_at timestamptz, ADD COLUMN voided_by bigint REFERENCES app_user (id),
    ADD COLUMN void_reason text;

CREATE OR REPLACE FUNCTION league_coverage_figures(p_county bigint, p_months date[])
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
                      EXISTS (SELECT 1 FROM league_org o WHERE o.host_unit_id = h.id AND o.voided_at IS NULL
                                 AND o.founded_on <= mo.as_of
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
         FROM league_org WHERE county_id = p_county AND domain = 'SOCIAL' AND voided_at IS NULL) AS so
     CROSS JOIN (SELECT count(*) AS towns FROM org_unit WHERE parent_id = p_county AND level = 'TOWN') AS tw
     ORDER BY mo.month
$$;
