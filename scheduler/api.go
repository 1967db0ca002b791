// Package scheduler fires linli's timed work exactly once: recurring jobs on
// cron schedules (built-in check-in summaries, leaderboards, nudges) and
// one-off or recurring timers kept in the store (reminders, escalations).
//
// Firing is ours, not cron's loop: github.com/robfig/cron/v3 only parses
// specs and computes the next slot. Each slot is claimed by a unique
// (job, slot time) key inside the same store transaction that puts its
// messages in the outbox, so a slot takes effect once even across crashes.
// With a shared Claimer (Redis) several instances fire each slot once
// between them. Slots missed while linli was down follow the job's
// MissedPolicy.
package scheduler

import (
	"context"
	"time"

	"linli/bot"
)

// MissedPolicy says what a job does with slots that fell due while linli
// was down.
type MissedPolicy int

const (
	// Once fires the latest missed slot if it is within the grace period
	// (the default).
	Once MissedPolicy = iota
	// Skip fires no missed slot.
	Skip
	// All fires every missed slot within the grace period, in order.
	All
)

// String names the policy for logs and configs.
func (p MissedPolicy) String() string {
	switch p {
	case Skip:
		return "skip"
	case All:
		return "all"
	default:
		return "once"
	}
}

// ParsePolicy reads a policy name as written in a config ("skip", "once",
// "all"); the empty string is the default, Once.
func ParsePolicy(s string) (MissedPolicy, error) {
	switch s {
	case "", "once":
		return Once, nil
	case "skip":
		return Skip, nil
	case "all":
		return All, nil
	}
	return Once, &PolicyError{Name: s}
}

// PolicyError reports an unknown missed-slot policy name.
type PolicyError struct{ Name string }

func (e *PolicyError) Error() string {
	return "unknown missed-slot policy " + e.Name + ` (want "skip", "once" or "all")`
}

// DefaultGrace is how late a missed slot may still fire unless a job says
// otherwise.
const DefaultGrace = time.Hour

// Slot is one due firing of a job.
type Slot struct {
	Job  string
	Time time.Time
	// Late is how long after Time the slot actually fires. A slot fired by
	// the running loop is a few seconds late; one caught up after a restart
	// can be much later, and a reminder should say so.
	Late time.Duration
}

// Job is a recurring job. Run is called inside the transaction that claims
// the slot; the messages it returns go to the outbox in that same
// transaction, so a slot takes effect exactly once.
type Job struct {
	// Name is unique and stable: slots are keyed by (Name, slot time).
	Name string
	// Spec is a cron expression (5 fields) or a descriptor such as @daily.
	Spec string
	// Location is the time zone the spec is read in; nil means the
	// scheduler's default (Asia/Shanghai).
	Location *time.Location
	Policy   MissedPolicy
	// Grace bounds how late a missed slot may still fire (default 1 hour).
	Grace time.Duration
	Run   func(ctx context.Context, s Slot) ([]bot.Outgoing, error)
}

// Timer is a timed piece of work kept in the store, such as an event
// reminder for one registrant or a task escalation. A timer with a Spec
// repeats (a coordinator's daily reminder); one without fires once.
type Timer struct {
	// Key is unique; setting a timer with an existing key moves it.
	Key string
	// Kind selects the function that fires it (see HandleTimer).
	Kind string
	// At is when it fires next. For a repeating timer a zero At means the
	// first slot of Spec after now.
	At      time.Time
	Payload string
	// Spec, when set, makes the timer repeat on this cron schedule (same
	// syntax as Job.Spec): after each slot, fired or missed, At moves to
	// the next slot, so every instance keeps the series going even when
	// another instance fired the slot.
	Spec string
	// Location is the time zone Spec is read in; nil means the scheduler's
	// default.
	Location *time.Location
	// Policy and Grace say what happens to slots missed while linli was
	// down, as for jobs. For a one-off timer Once and All mean the same,
	// and a zero Grace means no limit: the function gets the lateness and
	// decides (an escalation is still worth sending, a lecture reminder
	// perhaps not). For a repeating timer a zero Grace is DefaultGrace.
	Policy MissedPolicy
	Grace  time.Duration
	// Chat, when set, names the group the timer speaks to. Where several
	// processes share one store, only a process that reaches that group
	// fires it, so the timer runs beside the group's own messages rather
	// than racing them from another process.
	Chat string
}

// TimerFunc fires a timer inside the transaction that claims it.
type TimerFunc func(ctx context.Context, t Timer, late time.Duration) ([]bot.Outgoing, error)

// Registrar is what workflows use to put timed work on the scheduler.
type Registrar interface {
	// AddJob registers a recurring built-in job.
	AddJob(j Job) error
	// HandleTimer registers the function that fires timers of kind.
	HandleTimer(kind string, fn TimerFunc)
	// SetTimer schedules (or moves) a timer; called with a
	// transaction's context it commits with that transaction.
	SetTimer(ctx context.Context, t Timer) error
	// CancelTimer removes a timer that has not fired; unknown keys are fine.
	CancelTimer(ctx context.Context, key string) error
}
