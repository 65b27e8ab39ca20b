-- The theme of the month a county-level unit publishes for its first branch secretaries.
CREATE TABLE theme (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id    bigint      NOT NULL REFERENCES org_unit (id),
    month        date        NOT NULL,
    title        text        NOT NULL,
    description  text,
    created_by   bigint      NOT NULL REFERENCES app_user (id),
    created_at   timestamptz NOT NULL,
    UNIQUE (county_id, month)
);

-- Volunteer teams registered per county-level unit (舞阳县 has 31, registered by its secretary).
CREATE TABLE volunteer_team (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id   bigint      NOT NULL REFERENCES org_unit (id),
    name        text        NOT NULL,
    members     int         CHECK (members BETWEEN 0 AND 100000),
    created_by  bigint      NOT NULL REFERENCES app_user (id),
    created_at  timestamptz NOT NULL,
    UNIQUE (county_id, name)
);

-- A village's themed event (target: one a month). town_id and month (the Asia/Shanghai month of
-- held_at, always the theme's month) are copied so a dashboard counts a town-month with one
-- index range.
CREATE TABLE themed_event (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    theme_id           bigint      NOT NULL REFERENCES theme (id),
    village_id         bigint      NOT NULL REFERENCES org_unit (id),
    town_id            bigint      NOT NULL REFERENCES org_unit (id),
    month              date        NOT NULL,
    title              text        NOT NULL,
    held_at            timestamptz NOT NULL,
    participants       int         NOT NULL CHECK (participants BETWEEN 0 AND 100000),
    summary            text,
    lat                double precision,
    lng                double precision,
    accuracy           double precision,
    coord_system       text,
    volunteer_team_id  bigint REFERENCES volunteer_team (id),
    photo_ids          bigint[]    NOT NULL DEFAULT '{}',
    created_by         bigint      NOT NULL REFERENCES app_user (id),
    created_at         timestamptz NOT NULL
);
CREATE INDEX themed_event_village_idx ON themed_event (village_id, month, held_at, id);
CREATE INDEX themed_event_town_idx ON themed_event (town_id, month);
