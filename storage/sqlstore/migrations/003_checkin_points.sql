-- Check-in challenges, the points ledger and the points shop.
-- Times are Unix milliseconds (UTC); days are local day numbers (days since
-- 1970-01-01 of the calendar date in the community's time zone, after the
-- day-start hour).

-- The points ledger: append-only; a balance is a sum. source_key is unique
-- so a redelivered message or a re-run job slot never pays twice.
CREATE TABLE points_ledger (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL,
    community  TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    source_key TEXT NOT NULL UNIQUE,
    at         INTEGER NOT NULL
);
CREATE INDEX points_ledger_member ON points_ledger(community, member_id);

CREATE TABLE shop_items (
    id         INTEGER PRIMARY KEY,
    community  TEXT NOT NULL,
    name       TEXT NOT NULL,
    price      INTEGER NOT NULL CHECK (price > 0),
    stock      INTEGER NOT NULL CHECK (stock >= 0),
    active     INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL,
    UNIQUE (community, name)
);

-- state: 0 reserved (points debited, stock taken), 1 handed over, 2 cancelled.
CREATE TABLE redemptions (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    item_id    INTEGER NOT NULL REFERENCES shop_items(id),
    item_name  TEXT NOT NULL,
    member_id  INTEGER NOT NULL,
    community  TEXT NOT NULL,
    price      INTEGER NOT NULL,
    state      INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX redemptions_member ON redemptions(member_id, community);

-- A challenge runs in one group from start_day for days days; ended_at is
-- set by 结束打卡.
CREATE TABLE challenges (
    id         INTEGER PRIMARY KEY,
    community  TEXT NOT NULL,
    group_name TEXT NOT NULL,
    name       TEXT NOT NULL,
    days       INTEGER NOT NULL CHECK (days > 0),
    start_day  INTEGER NOT NULL,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    ended_at   INTEGER
);
CREATE UNIQUE INDEX challenges_open_name ON challenges(group_name, name) WHERE ended_at IS NULL;
CREATE INDEX challenges_group ON challenges(group_name, ended_at);

-- One row per member per challenge per day; makeup marks a 补卡. The key
-- is what keeps a day from counting twice; source (the message id) is kept
-- for the record.
CREATE TABLE checkins (
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    member_id    INTEGER NOT NULL,
    day          INTEGER NOT NULL,
    makeup       INTEGER NOT NULL DEFAULT 0,
    photo        INTEGER NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (challenge_id, member_id, day)
) WITHOUT ROWID;
CREATE INDEX checkins_day ON checkins(challenge_id, day);

-- Photos seen in a group, kept briefly so a photo sent just before 打卡 can
-- be attached to it.
CREATE TABLE checkin_photos (
    group_name TEXT NOT NULL,
    member_id  INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (group_name, member_id)
) WITHOUT ROWID;

-- Acks waiting to be sent as one coalesced group message.
CREATE TABLE checkin_acks (
    id         INTEGER PRIMARY KEY,
    group_name TEXT NOT NULL,
    member_id  INTEGER NOT NULL,
    text       TEXT NOT NULL,
    -- checkin marks the ack of a new check-in, which a photo may follow.
    checkin    INTEGER NOT NULL DEFAULT 0,
    photo      INTEGER NOT NULL DEFAULT 0,
    at         INTEGER NOT NULL
);
CREATE INDEX checkin_acks_group ON checkin_acks(group_name, id);

-- When each group's acks last went out, so a burst gets one message per
-- window.
CREATE TABLE checkin_ack_sent (
    group_name TEXT PRIMARY KEY,
    at         INTEGER NOT NULL
) WITHOUT ROWID;

-- Members who asked for a private evening nudge (提醒我打卡).
CREATE TABLE checkin_nudges (
    member_id  INTEGER NOT NULL,
    group_name TEXT NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (member_id, group_name)
) WITHOUT ROWID;
