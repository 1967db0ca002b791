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

// Slot is one due firing of a job.
type Slot struct {
	Job  string
	Time time.Time
	// Late is how long after Time the slot actually fires.
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

// Timer is a one-off timed piece of work kept in the store, such as an
// event reminder for one registrant or a task escalation.
type Timer struct {
	// Key is unique; setting a timer with an existing key moves it.
	Key string
	// Kind selects the function that fires it (see HandleTimer).
	Kind    string
	At      time.Time
	Payload string
}

// TimerFunc fires a timer inside the transaction that claims it.
type TimerFunc func(ctx context.Context, t Timer, late time.Duration) ([]bot.Outgoing, error)

// Registrar is what workflows use to put timed work on the scheduler.
type Registrar interface {
	// AddJob registers a recurring built-in job.
	AddJob(j Job) error
	// HandleTimer registers the function that fires one-off timers of kind.
	HandleTimer(kind string, fn TimerFunc)
	// SetTimer schedules (or moves) a one-off timer; called with a
	// transaction's context it commits with that transaction.
	SetTimer(ctx context.Context, t Timer) error
	// CancelTimer removes a timer that has not fired; unknown keys are fine.
	CancelTimer(ctx context.Context, key string) error
}
