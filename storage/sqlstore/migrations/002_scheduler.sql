-- The scheduler: the next slot of each recurring job, claimed slots (one row
-- per fired slot, unique by key), timers and failed slots.
-- Times are Unix milliseconds (UTC).

CREATE TABLE scheduler_jobs (
    name       TEXT PRIMARY KEY,
    spec       TEXT NOT NULL,
    location   TEXT NOT NULL,
    next_due   INTEGER NOT NULL
);

CREATE TABLE scheduler_slots (
    key      TEXT PRIMARY KEY,
    fired_at INTEGER NOT NULL,
    late_ms  INTEGER NOT NULL
);
CREATE INDEX scheduler_slots_fired ON scheduler_slots(fired_at);

CREATE TABLE scheduler_timers (
    key        TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    at         INTEGER NOT NULL,
    payload    TEXT NOT NULL DEFAULT '',
    spec       TEXT NOT NULL DEFAULT '',
    location   TEXT NOT NULL DEFAULT '',
    policy     INTEGER NOT NULL DEFAULT 0,
    grace_ms   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scheduler_timers_due ON scheduler_timers(at, kind);

CREATE TABLE scheduler_failures (
    id     INTEGER PRIMARY KEY,
    key    TEXT NOT NULL,
    at     INTEGER NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX scheduler_failures_key ON scheduler_failures(key);

-- The id this store's instance uses in claims shared with other instances.
CREATE TABLE scheduler_instance (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    id  TEXT NOT NULL
);

-- Messages of slots fired here, held until the claim shared with other
-- instances says whether this instance sends them.
CREATE TABLE scheduler_held (
    key  TEXT PRIMARY KEY,
    msgs TEXT NOT NULL
);
