-- Community events: sign-ups with places and a waiting list, attendance,
-- polls and ballots. Events and polls of a community share one numbering.
-- Times are Unix milliseconds (UTC).

CREATE TABLE event_numbers (
    community TEXT PRIMARY KEY,
    last      INTEGER NOT NULL
);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    community  TEXT NOT NULL,
    no         INTEGER NOT NULL,
    group_name TEXT NOT NULL,
    title      TEXT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    closes_at  INTEGER NOT NULL,
    capacity   INTEGER NOT NULL DEFAULT 0,
    bring      TEXT NOT NULL DEFAULT '',
    points     INTEGER NOT NULL DEFAULT 0,
    state      INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    source     TEXT NOT NULL UNIQUE,
    UNIQUE (community, no)
);
CREATE INDEX events_upcoming ON events(community, ends_at);

-- One row per member per event; a member who withdraws and signs up again
-- goes to the end of the arrival order (seq).
CREATE TABLE event_signups (
    event_id      INTEGER NOT NULL REFERENCES events(id),
    member_id     INTEGER NOT NULL,
    member_name   TEXT NOT NULL,
    party         INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    state         INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    signed_at     INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    source        TEXT NOT NULL,
    reminded_eve  INTEGER,
    reminded_hour INTEGER,
    PRIMARY KEY (event_id, member_id)
);
CREATE UNIQUE INDEX event_signups_order ON event_signups(event_id, seq);

CREATE TABLE event_attendance (
    event_id  INTEGER NOT NULL REFERENCES events(id),
    member_id INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    source    TEXT NOT NULL,
    PRIMARY KEY (event_id, member_id)
);

CREATE TABLE polls (
    id           INTEGER PRIMARY KEY,
    community    TEXT NOT NULL,
    no           INTEGER NOT NULL,
    group_name   TEXT NOT NULL,
    title        TEXT NOT NULL,
    options      TEXT NOT NULL, -- one option a line
    max_choices  INTEGER NOT NULL,
    deadline     INTEGER NOT NULL,
    anonymous    INTEGER NOT NULL DEFAULT 0,
    hide_results INTEGER NOT NULL DEFAULT 0,
    posted_at    INTEGER,
    created_by   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    source       TEXT NOT NULL UNIQUE,
    UNIQUE (community, no)
);
CREATE INDEX polls_open ON polls(community, deadline);

CREATE TABLE poll_ballots (
    poll_id     INTEGER NOT NULL REFERENCES polls(id),
    member_id   INTEGER NOT NULL,
    member_name TEXT NOT NULL,
    choices     TEXT NOT NULL, -- ascending option numbers, comma separated
    cast_at     INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    source      TEXT NOT NULL,
    PRIMARY KEY (poll_id, member_id)
);
