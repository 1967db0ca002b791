-- Hand-backs (退单) are kept: each counts toward the volunteer's weekly
-- cap, so claiming and handing back cannot harvest requesters' phones, and
-- a volunteer who hands back again and again is flagged.
CREATE TABLE volunteer_handbacks (
    id        INTEGER PRIMARY KEY,
    task_id   INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    community TEXT NOT NULL,
    at        INTEGER NOT NULL,
    source    TEXT NOT NULL,
    UNIQUE (source, task_id)
);
CREATE INDEX volunteer_handbacks_member ON volunteer_handbacks(community, member_id, at);
