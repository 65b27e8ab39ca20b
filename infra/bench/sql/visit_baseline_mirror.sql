-- pgbench's insert target: the real `visit` table's columns, defaults, checks, indexes and foreign keys under
-- another name, so the baseline row costs what a check-in row costs in the database.
DROP TABLE IF EXISTS bench_visit_baseline;
CREATE TABLE bench_visit_baseline (LIKE visit INCLUDING ALL);
DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
              WHERE conrelid = 'visit'::regclass AND contype = 'f'
    LOOP
        EXECUTE format('ALTER TABLE bench_visit_baseline ADD CONSTRAINT %I %s', 'bench_' || fk.conname, fk.def);
    END LOOP;
END $$;
