-- 青年之家: every township has at least one; a YOUTH_HOME_MANAGER is bound to one home.
CREATE TABLE youth_home (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                        text        NOT NULL,
    town_id                     bigint      NOT NULL REFERENCES org_unit (id),
    address                     text,
    lat                         double precision,
    lng                         double precision,
    coord_system                text,
    status                      text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DELISTED')),
    demonstration               boolean     NOT NULL DEFAULT false,
    cloud_platform_onboarded    boolean     NOT NULL DEFAULT false,
    cloud_platform_onboarded_at date,
    delisted_at                 timestamptz,
    created_by                  bigint REFERENCES app_user (id),
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL
);
CREATE INDEX youth_home_town_idx ON youth_home (town_id);

ALTER TABLE role_binding ADD CONSTRAINT role_binding_youth_home_fk FOREIGN KEY (youth_home_id) REFERENCES youth_home (id);
ALTER TABLE invitation ADD CONSTRAINT invitation_youth_home_fk FOREIGN KEY (youth_home_id) REFERENCES youth_home (id);
