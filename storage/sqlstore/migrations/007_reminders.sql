-- Coordinators' reminders and the slots each one fired. The scheduler's
-- timer `reminder:<id>` carries the firing; this table carries the meaning.
-- Times are Unix milliseconds (UTC).

CREATE TABLE reminders (
    id           INTEGER PRIMARY KEY,
    community    TEXT NOT NULL,
    no           INTEGER NOT NULL,
    -- target group names, one per line
    groups_list  TEXT NOT NULL,
    -- cron spec of a repeating reminder; '' for a one-off
    spec         TEXT NOT NULL DEFAULT '',
    -- moment of a one-off; 0 for a repeating reminder
    at           INTEGER NOT NULL DEFAULT 0,
    location     TEXT NOT NULL,
    description  TEXT NOT NULL,
    text         TEXT NOT NULL,
    created_by   INTEGER NOT NULL,
    creator_name TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    -- the message that created it: a redelivery cannot add a second one
    source       TEXT NOT NULL UNIQUE,
    -- 0 active, 1 paused, 2 done, 3 deleted
    state        INTEGER NOT NULL DEFAULT 0,
    fired        INTEGER NOT NULL DEFAULT 0,
    last_fired   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (community, no)
);

CREATE TABLE reminder_fires (
    reminder_id INTEGER NOT NULL REFERENCES reminders(id),
    slot        INTEGER NOT NULL,
    fired_at    INTEGER NOT NULL,
    late_ms     INTEGER NOT NULL,
    PRIMARY KEY (reminder_id, slot)
);
