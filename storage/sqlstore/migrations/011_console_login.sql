-- The coordinators' web console: one-time login links sent in a private
-- chat (or printed for the operator), and the sessions they become. Only
-- hashes of the secrets are kept, so a copy of the database opens nothing.

CREATE TABLE console_login_links (
    hash       TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL,
    name       TEXT NOT NULL,
    community  TEXT NOT NULL,
    -- console.Role: 0 coordinator, 1 street (every community), 2 operator
    role       INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

CREATE TABLE console_sessions (
    hash       TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL,
    name       TEXT NOT NULL,
    community  TEXT NOT NULL,
    role       INTEGER NOT NULL,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL
);
CREATE INDEX console_sessions_seen ON console_sessions(seen_at);
