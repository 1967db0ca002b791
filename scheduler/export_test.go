package scheduler

import "time"

// SetWait replaces the Run loop's real-time wait, so tests drive the loop
// without sleeping.
func SetWait(s *Scheduler, after func(time.Duration) <-chan time.Time) { s.after = after }
