-- The city committee's departments (部室) are orgs of level DEPARTMENT under the city (loaded
-- from seeds/league-departments.csv by the seed migration, which runs after this one), and
-- DEPARTMENT_STAFF is the role bound to one of them.
ALTER TABLE org_unit DROP CONSTRAINT org_unit_level_check;
ALTER TABLE org_unit ADD CONSTRAINT org_unit_level_check
    CHECK (level IN ('CITY', 'COUNTY', 'TOWN', 'VILLAGE', 'DEPARTMENT'));

ALTER TABLE role_binding DROP CONSTRAINT role_binding_role_check;
ALTER TABLE role_binding ADD CONSTRAINT role_binding_role_check CHECK (role IN ('CITY_ADMIN', 'CITY_LEADER',
    'COUNTY_SECRETARY', 'CADRE', 'YOUTH_HOME_MANAGER', 'FIRST_SECRETARY', 'DEPARTMENT_STAFF'));

ALTER TABLE invitation DROP CONSTRAINT invitation_role_ck;
ALTER TABLE invitation ADD CONSTRAINT invitation_role_ck CHECK (role IN ('CITY_ADMIN', 'CITY_LEADER',
    'COUNTY_SECRETARY', 'CADRE', 'YOUTH_HOME_MANAGER', 'FIRST_SECRETARY', 'DEPARTMENT_STAFF'));
