-- Consumed dirty marks are stamped rather than deleted, and purged after an hour: the trail shows
-- which writes moved which town-month, and the aggregator's work list stays an index range.
ALTER TABLE count_dirty ADD COLUMN consumed_at timestamptz;
CREATE INDEX count_dirty_pending_idx ON count_dirty (id) WHERE consumed_at IS NULL;
CREATE INDEX count_dirty_consumed_idx ON count_dirty (consumed_at) WHERE consumed_at IS NOT NULL;
