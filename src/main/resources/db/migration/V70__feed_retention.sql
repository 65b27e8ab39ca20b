-- How far the feed's history has been purged: a client resuming from an id below
-- purged_through may have missed deleted events and is told to reset. One row, only raised.
CREATE TABLE feed_retention (
    singleton       boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    purged_through  bigint  NOT NULL DEFAULT 0
);
INSERT INTO feed_retention DEFAULT VALUES;
