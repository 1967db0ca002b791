-- Volunteer tasks: profiles, tasks and their lifecycle, the hours ledger
-- (台账) and clarifying questions waiting for an answer.
-- Times are Unix milliseconds (UTC); 0 means "not yet".

CREATE TABLE volunteers (
    member_id  INTEGER NOT NULL REFERENCES members(id),
    community  TEXT NOT NULL,
    name       TEXT NOT NULL,
    skills     TEXT NOT NULL,          -- taxonomy names joined by ','
    avail      INTEGER NOT NULL,       -- availability bit mask
    estate     TEXT NOT NULL DEFAULT '',
    building   TEXT NOT NULL DEFAULT '',
    weekly_cap INTEGER NOT NULL,
    status     TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (member_id, community)
);

CREATE TABLE volunteer_tasks (
    id            INTEGER PRIMARY KEY,
    community     TEXT NOT NULL,
    chat          TEXT NOT NULL DEFAULT '',
    requester_id  INTEGER NOT NULL,
    requester     TEXT NOT NULL,
    category      TEXT NOT NULL,
    what          TEXT NOT NULL,
    text          TEXT NOT NULL,
    win_start     INTEGER NOT NULL DEFAULT 0,
    win_end       INTEGER NOT NULL DEFAULT 0,
    estate        TEXT NOT NULL DEFAULT '',
    building      TEXT NOT NULL DEFAULT '',
    building_word TEXT NOT NULL DEFAULT '',
    unit          TEXT NOT NULL DEFAULT '',
    room          TEXT NOT NULL DEFAULT '',
    landmark      TEXT NOT NULL DEFAULT '',
    urgent        INTEGER NOT NULL DEFAULT 0,
    phone         TEXT NOT NULL DEFAULT '',
    health        INTEGER NOT NULL DEFAULT 0,
    state         TEXT NOT NULL,
    volunteer_id  INTEGER NOT NULL DEFAULT 0,
    volunteer     TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    assigned_at   INTEGER NOT NULL DEFAULT 0,
    done_at       INTEGER NOT NULL DEFAULT 0,
    closed_at     INTEGER NOT NULL DEFAULT 0,
    hours         REAL NOT NULL DEFAULT 0,
    rating        INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '',
    source_msg    TEXT NOT NULL UNIQUE
);
CREATE INDEX volunteer_tasks_state ON volunteer_tasks(community, state, id);
CREATE INDEX volunteer_tasks_volunteer ON volunteer_tasks(community, volunteer_id, assigned_at);
CREATE INDEX volunteer_tasks_requester ON volunteer_tasks(community, requester_id);

-- One line per confirmed task: the hours ledger the community reports.
CREATE TABLE volunteer_hours (
    task_id   INTEGER PRIMARY KEY REFERENCES volunteer_tasks(id),
    member_id INTEGER NOT NULL,
    community TEXT NOT NULL,
    category  TEXT NOT NULL,
    hours     REAL NOT NULL,
    points    INTEGER NOT NULL,
    rating    INTEGER NOT NULL DEFAULT 0,
    at        INTEGER NOT NULL
);
CREATE INDEX volunteer_hours_member ON volunteer_hours(community, member_id);
CREATE INDEX volunteer_hours_at ON volunteer_hours(at);

CREATE TABLE volunteer_asks (
    community  TEXT NOT NULL,
    chat       TEXT NOT NULL,
    member_id  INTEGER NOT NULL,
    text       TEXT NOT NULL,
    missing    TEXT NOT NULL,
    asked_at   INTEGER NOT NULL,
    source_msg TEXT NOT NULL,
    PRIMARY KEY (community, chat, member_id)
);
