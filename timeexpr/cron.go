package timeexpr

import (
	"fmt"
	"strings"
	"time"

	// Community time zones must load on a server with no zone database
	// (a slim container), or reminders would shift by hours.
	_ "time/tzdata"

	"github.com/robfig/cron/v3"
)

// Schedule is a parsed cron spec bound to a time zone: it tells the slot
// after any instant.
type Schedule struct {
	spec string
	cron *cron.SpecSchedule
}

// ParseSpec reads a standard 5-field cron spec ("0 20 * * *") or a
// descriptor ("@daily", "@weekly", "@hourly", "@monthly", "@yearly") in loc.
// The time zone is always explicit: a TZ= prefix in the spec is refused, as
// are 6- or 7-field specs, "@every" (its slots would depend on when linli
// started, so they could not be claimed by a stable key) and a spec that
// never fires ("0 0 30 2 *").
func ParseSpec(spec string, loc *time.Location) (Schedule, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return Schedule{}, fmt.Errorf("parse schedule: empty cron spec")
	}
	if loc == nil {
		return Schedule{}, fmt.Errorf("parse schedule %q: no time zone", spec)
	}
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return Schedule{}, fmt.Errorf("parse schedule %q: the time zone is set by the community, not in the spec", spec)
	}
	if strings.HasPrefix(spec, "@every") {
		return Schedule{}, fmt.Errorf("parse schedule %q: @every is not supported; write a 5-field cron spec", spec)
	}
	if !strings.HasPrefix(spec, "@") {
		if n := len(strings.Fields(spec)); n != 5 {
			return Schedule{}, fmt.Errorf("parse schedule %q: %d fields, want 5 (minute hour day-of-month month day-of-week)", spec, n)
		}
	}
	parser := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	s, err := parser.Parse(spec)
	if err != nil {
		return Schedule{}, fmt.Errorf("parse schedule %q: %w", spec, err)
	}
	ss, ok := s.(*cron.SpecSchedule)
	if !ok {
		return Schedule{}, fmt.Errorf("parse schedule %q: unsupported schedule type %T", spec, s)
	}
	ss.Location = loc
	// cron looks five years ahead; from the start of a leap year that
	// covers every date a spec can name.
	if ss.Next(time.Date(2024, 1, 1, 0, 0, 0, 0, loc).Add(-time.Second)).IsZero() {
		return Schedule{}, fmt.Errorf("parse schedule %q: the date never occurs", spec)
	}
	return Schedule{spec: spec, cron: ss}, nil
}

// String returns the spec as written.
func (s Schedule) String() string { return s.spec }

// Location is the time zone the spec is read in.
func (s Schedule) Location() *time.Location { return s.cron.Location }

// Next returns the first slot strictly after t, in the schedule's time zone.
func (s Schedule) Next(t time.Time) time.Time { return s.cron.Next(t) }

// NextN returns the next n slots after t, so a confirmation can show a
// coordinator when a reminder will fire.
func (s Schedule) NextN(t time.Time, n int) []time.Time {
	out := make([]time.Time, 0, n)
	for len(out) < n {
		t = s.Next(t)
		if t.IsZero() {
			break
		}
		out = append(out, t)
	}
	return out
}

// FirstAtOrAfter returns the first slot at or after t: a slot that falls
// exactly on t is still due.
func (s Schedule) FirstAtOrAfter(t time.Time) time.Time {
	return s.Next(t.Add(-time.Second))
}
