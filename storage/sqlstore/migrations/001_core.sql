-- The chat core: members and their platform links, roles, handled messages,
-- the outbox, the audit log and coordinator codes.
-- Times are Unix milliseconds (UTC).

CREATE TABLE members (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    community   TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

-- One row for each (platform id, group) pair seen; group_name is '' for
-- private chats.
CREATE TABLE member_links (
    member_id    INTEGER NOT NULL REFERENCES members(id),
    platform_id  TEXT NOT NULL,
    group_name   TEXT NOT NULL,
    display_name TEXT NOT NULL,
    nick_name    TEXT NOT NULL DEFAULT '',
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    PRIMARY KEY (platform_id, group_name)
);
CREATE INDEX member_links_name ON member_links(group_name, display_name);
CREATE INDEX member_links_member ON member_links(member_id, last_seen);

CREATE TABLE relinks (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    group_name TEXT NOT NULL,
    old_id     TEXT NOT NULL,
    new_id     TEXT NOT NULL,
    old_name   TEXT NOT NULL,
    new_name   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    at         INTEGER NOT NULL
);

CREATE TABLE roles (
    member_id  INTEGER NOT NULL REFERENCES members(id),
    community  TEXT NOT NULL,
    role       INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (member_id, community)
);

CREATE TABLE inbound (
    msg_id     TEXT PRIMARY KEY,
    handled_at INTEGER NOT NULL
);

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    to_kind     INTEGER NOT NULL,
    to_group    TEXT NOT NULL DEFAULT '',
    to_member   INTEGER NOT NULL DEFAULT 0,
    to_name     TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try    INTEGER NOT NULL,
    last_error  TEXT NOT NULL DEFAULT '',
    sent_at     INTEGER
);
CREATE INDEX outbox_pending ON outbox(sent_at, next_try, id);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    community TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL
);

CREATE TABLE admin_codes (
    hash       TEXT PRIMARY KEY,
    community  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    used_by    INTEGER
);

CREATE TABLE admin_attempts (
    member_id INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    ok        INTEGER NOT NULL
);
CREATE INDEX admin_attempts_member ON admin_attempts(member_id, at);
