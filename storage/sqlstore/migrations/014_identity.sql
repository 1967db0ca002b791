-- Identity that never moves on a name alone: the bot's logins (a re-link
-- by name is only considered for members silent since the last one), the
-- name linli shows for a member (unique in the community: 王芳, 王芳(2)),
-- personal PINs (口令) that privileged members prove themselves with, and
-- the claims of newcomers who carry a privileged member's name.

CREATE TABLE bot_logins (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL
);

-- base_name is the display name as seen; members.name becomes the label
-- linli shows and accepts when typed, with (2), (3)… for a repeated name.
ALTER TABLE members ADD COLUMN base_name TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN name_changed_at INTEGER NOT NULL DEFAULT 0;
UPDATE members SET base_name = name;
CREATE INDEX members_name ON members(community, name);
CREATE INDEX members_base_name ON members(community, base_name);
-- session is the bot login (bot_logins.id, 0 before the first) a link was
-- last seen in: a member seen in the current session is not re-linked.
ALTER TABLE member_links ADD COLUMN session INTEGER NOT NULL DEFAULT 0;
CREATE INDEX member_links_nick ON member_links(nick_name);

CREATE TABLE member_pins (
    member_id  INTEGER PRIMARY KEY REFERENCES members(id),
    hash       TEXT NOT NULL,
    set_at     INTEGER NOT NULL
);

-- A newcomer (new_member_id) spoke under the name of a privileged member
-- (old_member_id) after a re-login; they stay a resident until they prove
-- themselves with the PIN or a fresh code.
CREATE TABLE identity_claims (
    id            INTEGER PRIMARY KEY,
    new_member_id INTEGER NOT NULL REFERENCES members(id),
    old_member_id INTEGER NOT NULL REFERENCES members(id),
    group_name    TEXT NOT NULL,
    at            INTEGER NOT NULL,
    resolved_at   INTEGER,
    UNIQUE (new_member_id, old_member_id)
);

-- Messages are counted per community for 统计.
ALTER TABLE inbound ADD COLUMN community TEXT NOT NULL DEFAULT '';
CREATE INDEX inbound_community ON inbound(community, handled_at);
