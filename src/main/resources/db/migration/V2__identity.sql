-- Users arrive through WeChat; an openid is an identifier, never shown to other users.
-- WeChat's session_key is not stored at all: nothing here needs it.
CREATE TABLE app_user (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    openid       text        NOT NULL UNIQUE,
    unionid      text,
    display_name text        NOT NULL,
    phone        text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- A role held at an org; its scope is the org's subtree (read through org_unit.path, so a
-- moved org moves its bindings' scope too). Revoked bindings are kept for the record.
CREATE TABLE role_binding (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        bigint      NOT NULL REFERENCES app_user (id),
    role           text        NOT NULL CHECK (role IN ('CITY_ADMIN', 'CITY_LEADER', 'COUNTY_SECRETARY', 'CADRE',
                                                        'YOUTH_HOME_MANAGER', 'FIRST_SECRETARY')),
    org_id         bigint      NOT NULL REFERENCES org_unit (id),
    youth_home_id  bigint,
    granted_by     bigint REFERENCES app_user (id),
    granted_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_by     bigint REFERENCES app_user (id)
);
CREATE UNIQUE INDEX role_binding_active_uq
    ON role_binding (user_id, role, org_id, coalesce(youth_home_id, 0)) WHERE revoked_at IS NULL;
CREATE INDEX role_binding_user_idx ON role_binding (user_id) WHERE revoked_at IS NULL;
CREATE INDEX role_binding_org_idx ON role_binding (org_id, role) WHERE revoked_at IS NULL;

-- Rotating refresh tokens: only a hash is kept; a reused (already rotated) token revokes its family.
CREATE TABLE refresh_token (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES app_user (id),
    token_hash  text        NOT NULL UNIQUE,
    family      uuid        NOT NULL,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX refresh_token_family_idx ON refresh_token (family);

-- Invitation codes: only a hash of the code is kept.
CREATE TABLE invitation (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code_hash      text        NOT NULL UNIQUE,
    role           text        NOT NULL,
    org_id         bigint      NOT NULL REFERENCES org_unit (id),
    youth_home_id  bigint,
    max_uses       int         NOT NULL CHECK (max_uses > 0),
    uses           int         NOT NULL DEFAULT 0,
    expires_at     timestamptz NOT NULL,
    created_by     bigint      NOT NULL REFERENCES app_user (id),
    created_at     timestamptz NOT NULL
);

CREATE TABLE invitation_redemption (
    invitation_id  bigint      NOT NULL REFERENCES invitation (id),
    user_id        bigint      NOT NULL REFERENCES app_user (id),
    binding_id     bigint      NOT NULL REFERENCES role_binding (id),
    redeemed_at    timestamptz NOT NULL,
    PRIMARY KEY (invitation_id, user_id)
);

-- Identity events for CITY_ADMIN: logins refused, invitations, redemptions, revocations.
CREATE TABLE identity_audit (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at               timestamptz NOT NULL,
    event            text        NOT NULL,
    actor_user_id    bigint REFERENCES app_user (id),
    subject_user_id  bigint REFERENCES app_user (id),
    org_id           bigint REFERENCES org_unit (id),
    detail           text
);
CREATE INDEX identity_audit_at_idx ON identity_audit (id DESC);
