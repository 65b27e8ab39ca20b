-- Maintained monthly counts per town: recomputed from the raw records for every town-month
-- marked dirty by a write (count_dirty), so reads never scan raw records. County and city
-- figures are sums of these rows.
CREATE TABLE town_month_counts (
    month                          date        NOT NULL,
    town_id                        bigint      NOT NULL REFERENCES org_unit (id),
    visits                         int         NOT NULL,
    visits_completed               int         NOT NULL,
    visits_completed_in_week       int         NOT NULL,
    visiting_cadres                int         NOT NULL,
    activities                     int         NOT NULL,
    activity_participants          bigint      NOT NULL,
    verified_participants          bigint      NOT NULL,
    youth_homes                    int         NOT NULL,
    youth_homes_meeting_target     int         NOT NULL,
    themed_events                  int         NOT NULL,
    villages_with_first_secretary  int         NOT NULL,
    villages_meeting_target        int         NOT NULL,
    needs_opened                   int         NOT NULL,
    needs_resolved                 int         NOT NULL,
    computed_at                    timestamptz NOT NULL,
    PRIMARY KEY (month, town_id)
);

-- Whether a visiting user fulfilled the month's duty (a completed visit in visit week),
-- maintained with the town-months their visits touch; county compliance joins it with the
-- current role bindings.
CREATE TABLE user_month_duty (
    month      date    NOT NULL,
    user_id    bigint  NOT NULL REFERENCES app_user (id),
    completed  boolean NOT NULL,
    visits     int     NOT NULL,
    PRIMARY KEY (month, user_id)
);

-- A county's monthly submission (by the 28th): a frozen snapshot of its figures.
CREATE TABLE county_submission (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id     bigint      NOT NULL REFERENCES org_unit (id),
    month         date        NOT NULL,
    submitted_at  timestamptz NOT NULL,
    submitted_by  bigint      NOT NULL REFERENCES app_user (id),
    late          boolean     NOT NULL,
    snapshot      text        NOT NULL,
    reopened_at   timestamptz,
    reopened_by   bigint REFERENCES app_user (id),
    reopen_reason text
);
-- one open submission per county and month; reopened ones stay as history
CREATE UNIQUE INDEX county_submission_open_uq ON county_submission (county_id, month) WHERE reopened_at IS NULL;
