-- A home's location keeps the reported accuracy like every other recorded location.
ALTER TABLE youth_home ADD COLUMN accuracy double precision;
CREATE INDEX youth_home_status_idx ON youth_home (town_id, status);

-- Activities a home holds (target: two a month). town_id and month (the Asia/Shanghai month of
-- start_at) are copied from the home and the start so a dashboard counts a town-month with one
-- index range; a home never changes town.
CREATE TABLE youth_home_activity (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    youth_home_id  bigint      NOT NULL REFERENCES youth_home (id),
    town_id        bigint      NOT NULL REFERENCES org_unit (id),
    month          date        NOT NULL,
    title          text        NOT NULL,
    category       text        NOT NULL CHECK (category IN ('THEORY_STUDY', 'VOLUNTEER_SERVICE', 'SKILLS_TRAINING',
                                                            'CULTURE_SPORTS', 'EMPLOYMENT_ENTREPRENEURSHIP',
                                                            'CARE_AID', 'OTHER')),
    start_at       timestamptz NOT NULL,
    end_at         timestamptz NOT NULL,
    participants   int         NOT NULL CHECK (participants BETWEEN 0 AND 100000),
    description    text,
    lat            double precision,
    lng            double precision,
    accuracy       double precision,
    coord_system   text,
    photo_ids      bigint[]    NOT NULL DEFAULT '{}',
    created_by     bigint      NOT NULL REFERENCES app_user (id),
    created_at     timestamptz NOT NULL,
    CHECK (start_at < end_at)
);
CREATE INDEX youth_home_activity_home_idx ON youth_home_activity (youth_home_id, month, start_at, id);
CREATE INDEX youth_home_activity_town_idx ON youth_home_activity (town_id, month);

-- An activity's sign-in: the HMAC key behind its rotating QR code never leaves the server.
-- Open while closed_at is null and before closes_at (the activity's end + 2 h).
CREATE TABLE activity_sign_in_session (
    activity_id  bigint      PRIMARY KEY REFERENCES youth_home_activity (id),
    secret       bytea       NOT NULL,
    opened_by    bigint      NOT NULL REFERENCES app_user (id),
    opened_at    timestamptz NOT NULL,
    closes_at    timestamptz NOT NULL,
    closed_at    timestamptz
);

-- One row per participant and activity: the verified headcount is a count over the primary
-- key's range, so concurrent sign-ins never contend on a counter row.
CREATE TABLE activity_sign_in (
    activity_id   bigint      NOT NULL REFERENCES youth_home_activity (id),
    user_id       bigint      NOT NULL REFERENCES app_user (id),
    signed_in_at  timestamptz NOT NULL,
    PRIMARY KEY (activity_id, user_id)
);

-- Youth organizations a home incubates (target: at least two per home).
CREATE TABLE youth_organization (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    youth_home_id  bigint      NOT NULL REFERENCES youth_home (id),
    name           text        NOT NULL,
    type           text        NOT NULL CHECK (type IN ('THEORY_STUDY', 'VOLUNTEER_SERVICE', 'CULTURE_SPORTS',
                                                        'INNOVATION_ENTREPRENEURSHIP', 'SKILLS', 'INTEREST', 'OTHER')),
    founded_on     date        NOT NULL,
    created_by     bigint      NOT NULL REFERENCES app_user (id),
    created_at     timestamptz NOT NULL,
    UNIQUE (youth_home_id, name)
);
