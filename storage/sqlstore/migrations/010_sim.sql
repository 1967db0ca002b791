-- The simulated gateway's wire: every message `linli sim` delivered, keyed
-- by its outbox id, so a message can never be delivered twice.
CREATE TABLE sim_wire (
    outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id),
    at        INTEGER NOT NULL,
    chat      TEXT NOT NULL,
    to_name   TEXT NOT NULL,
    text      TEXT NOT NULL
);
