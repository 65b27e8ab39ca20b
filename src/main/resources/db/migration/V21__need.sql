-- 所需所求所盼: every need heard on a visit, followed until it is answered. org, town and
-- month are the visit's, copied so that the needs loop and the counts read one table.
CREATE TABLE need (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visit_id     bigint      NOT NULL REFERENCES visit (id),
    position     int         NOT NULL,
    org_id       bigint      NOT NULL REFERENCES org_unit (id),
    town_id      bigint      NOT NULL REFERENCES org_unit (id),
    month        date        NOT NULL,
    heard_by     bigint      NOT NULL REFERENCES app_user (id),
    text         text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
    created_at   timestamptz NOT NULL,
    resolved_at  timestamptz,
    resolved_by  bigint REFERENCES app_user (id),
    response     text,
    UNIQUE (visit_id, position),
    CHECK ((status = 'RESOLVED') = (resolved_at IS NOT NULL))
);
CREATE INDEX need_open_idx ON need (created_at, id) WHERE status = 'OPEN';
CREATE INDEX need_org_idx ON need (org_id, status);
CREATE INDEX need_town_month_idx ON need (town_id, month);
