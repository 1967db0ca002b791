-- How many check-in acks wait in each group, kept on the group's row beside
-- when its acks last went out (at = 0: never). Counting the waiting rows
-- on every check-in was the slowest query of a morning burst, and on
-- PostgreSQL each process's count read the index pages the others were
-- writing, which serializable transactions report as conflicts.
ALTER TABLE checkin_ack_sent ADD COLUMN waiting INTEGER NOT NULL DEFAULT 0;
INSERT INTO checkin_ack_sent(group_name, at) SELECT DISTINCT group_name, 0 FROM checkin_acks WHERE TRUE
    ON CONFLICT(group_name) DO NOTHING;
UPDATE checkin_ack_sent SET waiting = (SELECT count(*) FROM checkin_acks a WHERE a.group_name = checkin_ack_sent.group_name);
