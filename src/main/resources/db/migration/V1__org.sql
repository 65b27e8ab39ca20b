-- The league's org tree: city -> county-level unit -> town/street -> village/community.
-- `path` is the materialized path of codes ('/4111/411121/411121100/'): a subtree is one
-- index range scan (path LIKE '/4111/411121/%'), never a recursive walk per request.
CREATE TABLE org_unit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text        NOT NULL UNIQUE,
    name        text        NOT NULL,
    level       text        NOT NULL CHECK (level IN ('CITY', 'COUNTY', 'TOWN', 'VILLAGE')),
    parent_id   bigint      REFERENCES org_unit (id),
    path        text        NOT NULL UNIQUE,
    lat         double precision,
    lng         double precision,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((level = 'CITY') = (parent_id IS NULL))
);

CREATE INDEX org_unit_path_prefix_idx ON org_unit (path text_pattern_ops);
CREATE INDEX org_unit_parent_idx ON org_unit (parent_id, code);
