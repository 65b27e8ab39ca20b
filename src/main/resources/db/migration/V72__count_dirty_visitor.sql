-- A dirty mark may name the visitor whose visit changed. The aggregator then recomputes
-- that visitor's monthly duty only, instead of the duty of every visitor of the town-month
-- (on a busy town-month that was hundreds of index ranges per mark, measured in
-- docs/performance.md). every_visitor = true asks for every visitor's duty; it is the
-- default so that marks written by hand (bulk loads, repairs) and the marks pending at this
-- migration keep the old, complete behaviour. The service's own writers set it false.
ALTER TABLE count_dirty ADD COLUMN visitor_id bigint;
ALTER TABLE count_dirty ADD COLUMN every_visitor boolean NOT NULL DEFAULT true;
