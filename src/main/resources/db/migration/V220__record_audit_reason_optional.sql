-- A visit's own author corrects it within the amendment window without a reason (as before);
-- visit corrections are now audited in record_audit too, so its reason may be absent.
ALTER TABLE record_audit ALTER COLUMN reason DROP NOT NULL;
