-- Reminders (issue 22). The inbox is the source of truth of what was reminded: one row per
-- (rule, recipient, period), so a rule that runs twice (a restart, a second replica)
-- reminds nobody twice.
CREATE TABLE reminder (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES app_user (id),
    rule        text        NOT NULL,
    period      text        NOT NULL,
    title       text        NOT NULL,
    body        text        NOT NULL,
    page        text,
    created_at  timestamptz NOT NULL,
    read_at     timestamptz,
    delivered   text        NOT NULL CHECK (delivered IN ('PENDING', 'WECHAT', 'INBOX_ONLY')),
    CONSTRAINT reminder_once UNIQUE (rule, user_id, period)
);
-- the inbox, newest first, and its unread count: index range scans of one user
CREATE INDEX reminder_inbox_idx ON reminder (user_id, created_at DESC, id DESC);
CREATE INDEX reminder_unread_idx ON reminder (user_id) WHERE read_at IS NULL;

-- The work queue of WeChat sends: a row while a reminder's subscribe message is pending.
-- consent_held: one consent was spent for this send (spent once, however many attempts).
CREATE TABLE reminder_delivery (
    reminder_id     bigint      PRIMARY KEY REFERENCES reminder (id),
    template_id     text        NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    consent_held    boolean     NOT NULL DEFAULT false
);
CREATE INDEX reminder_delivery_due_idx ON reminder_delivery (next_attempt_at);

-- One-time subscriptions the mini-program reported: each accepted consent allows one message
-- of the template; a send spends one (UPDATE ... WHERE remaining > 0, never overdrawn).
CREATE TABLE subscription_consent (
    user_id     bigint      NOT NULL REFERENCES app_user (id),
    template_id text        NOT NULL,
    remaining   int         NOT NULL DEFAULT 0 CHECK (remaining >= 0),
    accepted    int         NOT NULL DEFAULT 0,
    declined    int         NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, template_id)
);

-- The occasions a rule has run for (e.g. VISIT_WEEK_OPENS 2026-12): a tick skips them, a
-- missed one (service down at its time) runs at the next tick of the same day.
CREATE TABLE reminder_rule_run (
    rule     text        NOT NULL,
    occasion text        NOT NULL,
    ran_at   timestamptz NOT NULL,
    PRIMARY KEY (rule, occasion)
);

-- ShedLock's table (net.javacrumbs.shedlock, JDBC provider): one instance runs a rule at a time.
CREATE TABLE shedlock (
    name       varchar(64)  PRIMARY KEY,
    lock_until timestamptz  NOT NULL,
    locked_at  timestamptz  NOT NULL,
    locked_by  varchar(255) NOT NULL
);

-- visit's need table: the "need resolved" reminder reads needs by the time of their answer
CREATE INDEX need_resolved_at_idx ON need (resolved_at) WHERE status = 'RESOLVED';
