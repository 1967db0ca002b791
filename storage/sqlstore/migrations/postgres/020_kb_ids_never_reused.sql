-- A coordinator's FAQ entry is named by its number (修改问答 #5, 删除问答 #5)
-- in chat messages and audit lines that outlive it, so a number is never
-- given to another entry, as SQLite's AUTOINCREMENT does there: an entry
-- is numbered one past the highest number its table ever used, recorded
-- in linli_sequence (SQLite's sqlite_sequence) by the insert's own
-- transaction, so a refused or retried message still uses no number up.
-- The record is written after the insert, so an upsert that updates an
-- existing row uses none either.
CREATE TABLE linli_sequence (
    name TEXT COLLATE "C" PRIMARY KEY,
    seq  BIGINT NOT NULL
);

CREATE FUNCTION linli_unreused_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    used BIGINT;
BEGIN
    IF NEW.id IS NULL THEN
        SELECT seq INTO used FROM linli_sequence WHERE name = TG_TABLE_NAME;
        EXECUTE format('SELECT greatest(coalesce(max(id), 0), $1) + 1 FROM %I', TG_TABLE_NAME) USING coalesce(used, 0) INTO NEW.id;
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION linli_record_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO linli_sequence(name, seq) VALUES (TG_TABLE_NAME, NEW.id)
        ON CONFLICT (name) DO UPDATE SET seq = greatest(linli_sequence.seq, excluded.seq);
    RETURN NULL;
END
$$;

DROP TRIGGER kb_chunks_dense_id ON kb_chunks;
CREATE TRIGGER kb_chunks_unreused_id BEFORE INSERT ON kb_chunks FOR EACH ROW EXECUTE FUNCTION linli_unreused_id();
CREATE TRIGGER kb_chunks_record_id AFTER INSERT ON kb_chunks FOR EACH ROW EXECUTE FUNCTION linli_record_id();
INSERT INTO linli_sequence(name, seq) SELECT 'kb_chunks', coalesce(max(id), 0) FROM kb_chunks;
