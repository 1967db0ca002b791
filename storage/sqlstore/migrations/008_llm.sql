-- Tokens each community spent on the language model per day, so the daily
-- budget survives restarts. day is the community's calendar day, YYYY-MM-DD.
CREATE TABLE llm_usage (
    community  TEXT NOT NULL,
    day        TEXT NOT NULL,
    tokens     INTEGER NOT NULL DEFAULT 0,
    calls      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (community, day)
);
