-- A coordinator's FAQ entry is named by its number (修改问答 #5, 删除问答 #5)
-- in chat messages and audit lines that outlive it, so a number is never
-- given to another entry: without AUTOINCREMENT SQLite numbers a row
-- max(id) + 1 and hands the newest entry's number out again once it is
-- deleted. AUTOINCREMENT cannot be added to a table, so kb_chunks is
-- rebuilt with its rows and numbers, and kb_embeddings, which refers to
-- it, with it: dropping the old kb_chunks would otherwise delete every
-- vector. Renaming kb_chunks_new points kb_embeddings_new's reference at
-- kb_chunks. The highest number used so far is the highest left.

CREATE TABLE kb_chunks_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    source     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL,
    path       TEXT NOT NULL DEFAULT '',
    question   TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    articles   TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    UNIQUE (source, key)
);
INSERT INTO kb_chunks_new(id, source, kind, key, path, question, body, articles, created_at)
    SELECT id, source, kind, key, path, question, body, articles, created_at FROM kb_chunks;

CREATE TABLE kb_embeddings_new (
    chunk_id INTEGER NOT NULL REFERENCES kb_chunks_new(id) ON DELETE CASCADE,
    model    TEXT NOT NULL,
    dim      INTEGER NOT NULL,
    vec      BLOB NOT NULL,
    PRIMARY KEY (chunk_id, model)
);
INSERT INTO kb_embeddings_new(chunk_id, model, dim, vec) SELECT chunk_id, model, dim, vec FROM kb_embeddings;

DROP TABLE kb_embeddings;
DROP TABLE kb_chunks;
ALTER TABLE kb_chunks_new RENAME TO kb_chunks;
ALTER TABLE kb_embeddings_new RENAME TO kb_embeddings;
