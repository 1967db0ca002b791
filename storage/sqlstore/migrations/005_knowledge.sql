-- The knowledge base: chunks of imported and chat-added material (Civil
-- Code articles, FAQ entries, guidance paragraphs), indexed in memory at
-- start. Re-importing a source replaces its chunks; (source, key) is unique
-- so a re-import or a redelivered message cannot duplicate.

CREATE TABLE kb_chunks (
    id         INTEGER PRIMARY KEY,
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

-- Optional embedding vectors for hybrid ranking, one per chunk and model
-- (little-endian float32s).
CREATE TABLE kb_embeddings (
    chunk_id INTEGER NOT NULL REFERENCES kb_chunks(id) ON DELETE CASCADE,
    model    TEXT NOT NULL,
    dim      INTEGER NOT NULL,
    vec      BLOB NOT NULL,
    PRIMARY KEY (chunk_id, model)
);
