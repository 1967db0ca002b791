-- Pictures in the outbox: a message may carry a PNG (the weekly poster, a
-- certificate, a calendar), stored with the row so it is sent after a
-- restart exactly as drawn. image_name is '' and image NULL for text.
ALTER TABLE outbox ADD COLUMN image_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN image BLOB;
