-- Finding an org by its name: the pinyin initials of the name (五一村 -> wyc), computed in
-- Java with pinyin4j when the seed loads or renames an org (OrgSeedMigration) and for the
-- rows already there (V121). Searches are scoped to the caller's subtrees (path prefix)
-- and few per request, so a plain index on the initials serves the prefix matches.
ALTER TABLE org_unit ADD COLUMN name_initials text;
CREATE INDEX org_unit_initials_idx ON org_unit (name_initials text_pattern_ops);

-- Coordinates that learn: lat/lng (WGS84) of an org are set only when a county secretary
-- (or a city admin) confirms a proposed point or sets one; who and when are kept here and
-- every change in org_coordinate_change.
ALTER TABLE org_unit ADD COLUMN coordinates_confirmed_at timestamptz;
ALTER TABLE org_unit ADD COLUMN coordinates_confirmed_by bigint;
CREATE INDEX org_unit_located_idx ON org_unit (lat, lng) WHERE lat IS NOT NULL AND lng IS NOT NULL;

CREATE TABLE org_coordinate_change (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint           NOT NULL REFERENCES org_unit (id),
    changed_by  bigint           NOT NULL REFERENCES app_user (id),
    changed_at  timestamptz      NOT NULL,
    source      text             NOT NULL CHECK (source IN ('PROPOSAL', 'MANUAL')),
    before_lat  double precision,
    before_lng  double precision,
    after_lat   double precision NOT NULL CHECK (after_lat BETWEEN -90 AND 90),
    after_lng   double precision NOT NULL CHECK (after_lng BETWEEN -180 AND 180),
    fixes       int
);
CREATE INDEX org_coordinate_change_org_idx ON org_coordinate_change (org_id, id);

-- The proposals read the completed, accurate check-ins of the orgs without coordinates.
CREATE INDEX visit_org_fix_idx ON visit (org_id)
    INCLUDE (check_in_lat, check_in_lng, check_in_coord_system)
    WHERE status = 'COMPLETED' AND check_in_accuracy <= 100;
