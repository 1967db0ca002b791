-- Garbage sorting: items imported from TSV (`linli kb import items.tsv`).
-- The built-in list ships in the binary and is not stored here. One row per
-- (item, city); city '' is the national standard. Re-importing a source
-- replaces its rows.

CREATE TABLE garbage_items (
    name        TEXT NOT NULL,
    city        TEXT NOT NULL DEFAULT '',
    category    TEXT NOT NULL CHECK (category IN ('可回收物', '有害垃圾', '厨余垃圾', '其他垃圾')),
    note        TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (name, city)
);
CREATE INDEX garbage_items_source ON garbage_items(source);
