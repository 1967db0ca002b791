-- The Official Account (公众号): followers by openid, each a member of
-- their own until they bind to the member known from the groups, and the
-- one-time codes that bind them.

CREATE TABLE mp_followers (
    openid       TEXT PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    subscribed   INTEGER NOT NULL DEFAULT 1,
    -- 1 once the follower picked their community from the list (or bound).
    community_chosen INTEGER NOT NULL DEFAULT 0,
    first_seen   INTEGER NOT NULL,
    -- The follower's last message: the customer-service API may write to
    -- them for 48 hours after it.
    last_inbound INTEGER NOT NULL
);
CREATE INDEX mp_followers_member ON mp_followers(member_id, last_inbound);

-- A code proves that whoever sends it back on the other road is the person
-- it was given to. Only its hash is kept.
CREATE TABLE mp_bind_codes (
    hash       TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    -- The road it was given on: 'mp' (send it back in a group) or 'group'.
    given_on   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

-- Who was merged into whom, and when: binding keeps the group member and
-- moves the follower's activity onto it.
CREATE TABLE mp_merges (
    id         INTEGER PRIMARY KEY,
    kept       INTEGER NOT NULL REFERENCES members(id),
    merged     INTEGER NOT NULL REFERENCES members(id),
    at         INTEGER NOT NULL
);
