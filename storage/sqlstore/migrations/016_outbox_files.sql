-- Files in the outbox: a message may carry a document (the month's 台账 as
-- an xlsx), stored with the row like a picture, so it is sent after a
-- restart exactly as written. file_name is '' and file NULL otherwise.
ALTER TABLE outbox ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN file BLOB;

-- secret marks a text that holds a credential (a console login link): once
-- delivered, the row keeps a placeholder in its place, so the outbox is no
-- store of working links.
ALTER TABLE outbox ADD COLUMN secret INTEGER NOT NULL DEFAULT 0;
