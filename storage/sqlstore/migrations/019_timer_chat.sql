-- The group a timer speaks to. Where several processes share the
-- database, only a process that reaches that group fires the timer: a
-- group's ack flush then runs beside the check-ins it flushes, in one
-- process, instead of racing them from another.
ALTER TABLE scheduler_timers ADD COLUMN chat TEXT NOT NULL DEFAULT '';
