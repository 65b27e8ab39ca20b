-- The work ledger (附件3 台账) of a year: tasks by domain with a deadline month, the units
-- responsible, the city committee's department and person; a task fans out into one
-- assignment per responsible unit, which reports progress and may be supervised.
CREATE TABLE ledger (
    year         int         PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    title        text        NOT NULL,
    -- the day the ledger's time-pro-rated expectations start counting from
    starts_on    date        NOT NULL,
    copied_from  int         REFERENCES ledger (year),
    created_by   bigint      REFERENCES app_user (id),
    created_at   timestamptz NOT NULL
);

CREATE TABLE ledger_task (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year               int         NOT NULL REFERENCES ledger (year),
    position           int         NOT NULL CHECK (position > 0),
    domain             text        NOT NULL,
    content            text        NOT NULL,
    -- first day of the deadline month; the deadline is that month's last day (Asia/Shanghai)
    deadline_month     date        NOT NULL CHECK (extract(day FROM deadline_month) = 1),
    responsible_units  text[]      NOT NULL CHECK (cardinality(responsible_units) > 0),
    department         text        NOT NULL,
    -- the department's org code (4111-XSB ...): its staff see and supervise the task
    department_code    text        NOT NULL,
    person             text        NOT NULL,
    -- the indicators that measure the task (none: reported by hand), and the target per unit of
    -- a counted indicator (small_unit_target for 开发区, 示范区 and 西城区, as the ledger says)
    indicators         text[]      NOT NULL DEFAULT '{}',
    target             int         CHECK (target > 0),
    small_unit_target  int         CHECK (small_unit_target > 0),
    updated_at         timestamptz NOT NULL,
    UNIQUE (year, position)
);
CREATE INDEX ledger_task_department_idx ON ledger_task (year, department_code);

-- One responsible unit's share of a task. unit_org_id is the org whose scope governs it: the
-- county-level unit itself, or the city for city-level units (colleges, 市直 bodies).
CREATE TABLE ledger_assignment (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id       bigint      NOT NULL REFERENCES ledger_task (id) ON DELETE CASCADE,
    unit_org_id   bigint      NOT NULL REFERENCES org_unit (id),
    unit_name     text        NOT NULL,
    status        text        NOT NULL DEFAULT 'NOT_STARTED'
                              CHECK (status IN ('NOT_STARTED', 'IN_PROGRESS', 'DONE', 'CANNOT_DO')),
    progress      int         NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    reason        text,
    done_on       date,
    updated_at    timestamptz,
    UNIQUE (task_id, unit_name),
    CHECK ((status = 'DONE') = (done_on IS NOT NULL)),
    CHECK ((status = 'CANNOT_DO') = (reason IS NOT NULL))
);
CREATE INDEX ledger_assignment_unit_idx ON ledger_assignment (unit_org_id, task_id);

CREATE TABLE ledger_report (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id  bigint      NOT NULL REFERENCES ledger_assignment (id) ON DELETE CASCADE,
    status         text        NOT NULL,
    progress       int         NOT NULL CHECK (progress BETWEEN 0 AND 100),
    text           text        NOT NULL,
    reason         text,
    -- [{"label": "...", "value": n}]
    numbers        jsonb       NOT NULL DEFAULT '[]',
    photo_ids      bigint[]    NOT NULL DEFAULT '{}',
    reported_by    bigint      NOT NULL REFERENCES app_user (id),
    -- the reporter's name when reporting, as the record shows it
    reporter_name  text        NOT NULL,
    reported_at    timestamptz NOT NULL
);
CREATE INDEX ledger_report_assignment_idx ON ledger_report (assignment_id, id);

-- 约谈 (INTERVIEW) or 现场督导 (ONSITE) of a lagging assignment, with the agreed follow-up.
CREATE TABLE ledger_supervision (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id  bigint      NOT NULL REFERENCES ledger_assignment (id) ON DELETE CASCADE,
    kind           text        NOT NULL CHECK (kind IN ('INTERVIEW', 'ONSITE')),
    held_on        date        NOT NULL,
    participants   text,
    findings       text        NOT NULL,
    actions        text        NOT NULL,
    follow_up_on   date,
    followed_up_at timestamptz,
    created_by     bigint      NOT NULL REFERENCES app_user (id),
    supervisor_name text       NOT NULL,
    created_at     timestamptz NOT NULL
);
CREATE INDEX ledger_supervision_assignment_idx ON ledger_supervision (assignment_id, id);
CREATE INDEX ledger_supervision_follow_up_idx ON ledger_supervision (follow_up_on) WHERE followed_up_at IS NULL;
