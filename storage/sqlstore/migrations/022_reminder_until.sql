-- The last day a repeating reminder goes (「每天早上八点…到周日就行」), Unix
-- milliseconds of that day's end; 0 repeats until it is stopped.
ALTER TABLE reminders ADD COLUMN until_at INTEGER NOT NULL DEFAULT 0;
