-- Redemption counts a use with one conditional UPDATE (uses < max_uses); the check makes
-- an over-use impossible for any other statement too.
ALTER TABLE invitation ADD CONSTRAINT invitation_uses_ck CHECK (uses >= 0 AND uses <= max_uses);
ALTER TABLE invitation ADD CONSTRAINT invitation_role_ck CHECK (role IN ('CITY_ADMIN', 'CITY_LEADER',
    'COUNTY_SECRETARY', 'CADRE', 'YOUTH_HOME_MANAGER', 'FIRST_SECRETARY'));
-- exactly the youth-home managers' invitations name a home
ALTER TABLE invitation ADD CONSTRAINT invitation_home_ck CHECK ((role = 'YOUTH_HOME_MANAGER') = (youth_home_id IS NOT NULL));

CREATE INDEX invitation_redemption_user_idx ON invitation_redemption (user_id);
