-- A group's weekly poster (光荣榜) schedule when a coordinator changed it
-- from the default (Monday 09:00): a cron spec read in the community's
-- time zone. No row means the default.
CREATE TABLE checkin_poster_schedules (
    group_name TEXT PRIMARY KEY,
    spec       TEXT NOT NULL,
    set_at     INTEGER NOT NULL
);
