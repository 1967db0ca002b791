-- The process that enqueued a message, when several share the database:
-- a private reply goes out through the account the resident wrote to.
ALTER TABLE outbox ADD COLUMN owner TEXT NOT NULL DEFAULT '';
