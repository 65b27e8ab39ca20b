-- League organisations where there are none yet (section 一.1-一.7): the units that host
-- them (建团单位), the organisations, and the dated milestones the forms and targets count.

-- A host unit belongs to a county-level unit, or to the city itself for 市直 units.
CREATE TABLE host_unit (
    id                         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                       text        NOT NULL,
    county_id                  bigint      NOT NULL REFERENCES org_unit (id),
    town_id                    bigint      REFERENCES org_unit (id),
    kind                       text        NOT NULL CHECK (kind IN ('MIDDLE_SCHOOL', 'VOCATIONAL_SCHOOL',
                                   'TECHNICAL_SCHOOL', 'UNIVERSITY', 'CITY_AGENCY', 'COUNTY_AGENCY',
                                   'STATE_ENTERPRISE', 'PRIVATE_ENTERPRISE', 'INDUSTRIAL_PARK',
                                   'SOCIAL_ORGANIZATION', 'LEAGUE_SOCIAL_ORGANIZATION', 'RIDE_HAILING',
                                   'EXPRESS_DELIVERY')),
    park_level                 text        CHECK (park_level IN ('NATIONAL', 'PROVINCIAL', 'CITY', 'COUNTY')),
    park_id                    bigint      REFERENCES host_unit (id),
    eligible                   boolean     NOT NULL DEFAULT true,
    party_organized            boolean     NOT NULL DEFAULT false,
    above_designated_size      boolean     NOT NULL DEFAULT false,
    youth_federation_member    boolean     NOT NULL DEFAULT false,
    young_entrepreneur_member  boolean     NOT NULL DEFAULT false,
    provincial_top100          boolean     NOT NULL DEFAULT false,
    city_top20                 boolean     NOT NULL DEFAULT false,
    created_by                 bigint      REFERENCES app_user (id),
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL,
    UNIQUE (county_id, name),
    CHECK ((kind = 'INDUSTRIAL_PARK') = (park_level IS NOT NULL))
);
CREATE INDEX host_unit_county_idx ON host_unit (county_id, kind, id);

-- county_id and domain are the host unit's, copied at insert (a host unit never changes
-- county or kind), so a county's organisations are one index range.
CREATE TABLE league_org (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                text        NOT NULL,
    type                text        NOT NULL CHECK (type IN ('COMMITTEE', 'WORKING_COMMITTEE', 'GENERAL_BRANCH',
                                        'BRANCH', 'YOUTH_ORGANIZATION')),
    host_unit_id        bigint      NOT NULL REFERENCES host_unit (id),
    county_id           bigint      NOT NULL REFERENCES org_unit (id),
    domain              text        NOT NULL CHECK (domain IN ('SCHOOL', 'SOCIAL')),
    parent_id           bigint      REFERENCES league_org (id),
    founded_on          date        NOT NULL,
    teacher_branch      boolean     NOT NULL DEFAULT false,
    dissolved_on        date,
    dissolution_reason  text,
    created_by          bigint      NOT NULL REFERENCES app_user (id),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    UNIQUE (host_unit_id, name),
    CHECK ((dissolved_on IS NULL) = (dissolution_reason IS NULL)),
    CHECK (dissolved_on IS NULL OR dissolved_on >= founded_on)
);
CREATE INDEX league_org_county_idx ON league_org (county_id, founded_on);
CREATE INDEX league_org_host_idx ON league_org (host_unit_id);

CREATE TABLE league_milestone (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text        NOT NULL CHECK (kind IN ('LEAGUE_SCHOOL_FOUNDED', 'TERM_ELECTION_COMPLETED',
                                   'EDUCATION_COMMITTEE_FOUNDED', 'ACTIVITY_ROOM_OPENED',
                                   'COUNTY_VOLUNTEER_ASSOCIATION_FOUNDED', 'COUNTY_ENTREPRENEURSHIP_ORG_FOUNDED',
                                   'TOWN_VOLUNTEER_TEAM_FOUNDED')),
    county_id      bigint      NOT NULL REFERENCES org_unit (id),
    town_id        bigint      REFERENCES org_unit (id),
    host_unit_id   bigint      REFERENCES host_unit (id),
    league_org_id  bigint      REFERENCES league_org (id),
    occurred_on    date        NOT NULL,
    note           text,
    created_by     bigint      NOT NULL REFERENCES app_user (id),
    created_at     timestamptz NOT NULL
);
CREATE INDEX league_milestone_county_idx ON league_milestone (county_id, occurred_on);
-- what happens once per subject: a middle school's league school, a town's volunteer team,
-- a county's education working committee and its two county-level teams
CREATE UNIQUE INDEX league_milestone_once_uq ON league_milestone (kind, county_id, coalesce(town_id, 0),
    coalesce(host_unit_id, 0))
    WHERE kind IN ('LEAGUE_SCHOOL_FOUNDED', 'EDUCATION_COMMITTEE_FOUNDED', 'COUNTY_VOLUNTEER_ASSOCIATION_FOUNDED',
                   'COUNTY_ENTREPRENEURSHIP_ORG_FOUNDED', 'TOWN_VOLUNTEER_TEAM_FOUNDED');

-- Yearly targets per county-level unit (by org code: the orgs are seeded after the
-- versioned migrations); the city's code holds the defaults every county inherits. A
-- year without a row uses the latest earlier year's (carried forward).
CREATE TABLE org_building_target (
    year        int         NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    unit_code   text        NOT NULL,
    indicator   text        NOT NULL,
    target      numeric     NOT NULL CHECK (target >= 0),
    updated_by  bigint      REFERENCES app_user (id),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_code, indicator, year)
);

-- Maintained coverage counts: one row per county-level unit (or the city for its 市直
-- units) and month, every figure as of the month's last day. Recomputed from the raw
-- records for the touched county in the write's own transaction (under a per-county
-- advisory lock), so a recount from scratch equals it.
CREATE TABLE org_building_count (
    county_id                  bigint  NOT NULL REFERENCES org_unit (id),
    month                      date    NOT NULL,
    school_units               int     NOT NULL,
    school_covered             int     NOT NULL,
    party_private_units        int     NOT NULL,
    party_private_covered      int     NOT NULL,
    parks                      int     NOT NULL,
    parks_covered              int     NOT NULL,
    above_size_units           int     NOT NULL,
    above_size_covered         int     NOT NULL,
    state_units                int     NOT NULL,
    state_covered              int     NOT NULL,
    league_social_units        int     NOT NULL,
    league_social_covered      int     NOT NULL,
    top_units                  int     NOT NULL,
    top_covered                int     NOT NULL,
    federation_units           int     NOT NULL,
    federation_covered         int     NOT NULL,
    ride_units                 int     NOT NULL,
    ride_covered               int     NOT NULL,
    express_units              int     NOT NULL,
    express_covered            int     NOT NULL,
    middle_schools             int     NOT NULL,
    league_schools             int     NOT NULL,
    room_schools               int     NOT NULL,
    room_schools_with_room     int     NOT NULL,
    county_rooms               int     NOT NULL,
    towns                      int     NOT NULL,
    towns_with_team            int     NOT NULL,
    two_teams                  int     NOT NULL,
    education_committee        int     NOT NULL,
    social_founded             int     NOT NULL,
    social_dissolved           int     NOT NULL,
    social_at_year_start       int     NOT NULL,
    PRIMARY KEY (county_id, month)
);

-- Who changed what (registrations, foundings, dissolutions, milestones, attribute
-- corrections, targets), kept for the record.
CREATE TABLE league_org_audit (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL,
    actor_user_id  bigint      NOT NULL REFERENCES app_user (id),
    action         text        NOT NULL,
    subject_id     bigint,
    unit_id        bigint      REFERENCES org_unit (id),
    detail         text
);
CREATE INDEX league_org_audit_subject_idx ON league_org_audit (action, subject_id);
