-- A visitor's own month (GET /me/month) lists the needs they heard: one index range scan.
CREATE INDEX need_heard_by_idx ON need (heard_by, month, created_at, id);
