package sqlstore

import "time"

// Times are stored as Unix milliseconds in UTC.

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v) }
