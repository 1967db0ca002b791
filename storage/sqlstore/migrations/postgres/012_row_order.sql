-- Ballots and imported garbage items are listed in the order they were
-- first stored, which SQLite keeps in each row's rowid. PostgreSQL has no
-- rowid, so these tables get one, numbered as rows arrive.
ALTER TABLE poll_ballots ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
ALTER TABLE garbage_items ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
