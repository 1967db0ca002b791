package scheduler

import (
	"context"
	"time"

	"linli/bot"
)

// JobState is what the store remembers of a recurring job between runs:
// the next slot it has not yet dealt with. Keeping it means a restart knows
// which slots were missed, and a pass does not recompute every schedule
// from the beginning.
type JobState struct {
	Name string
	// Spec and Location are those the state was computed for; when a job's
	// schedule changes, the state starts again from now.
	Spec     string
	Location string
	Next     time.Time
}

// Store keeps the scheduler's state. Every method called with a context
// from bot.Transactor.InTx takes part in that transaction.
type Store interface {
	// LoadJobs returns the saved state of every job seen before.
	LoadJobs(ctx context.Context) (map[string]JobState, error)
	// SaveJob records a job's next slot.
	SaveJob(ctx context.Context, st JobState) error
	// ClaimSlot records that the slot key fired at at; it reports false when
	// the key was claimed before. The key is unique: a slot fires once.
	ClaimSlot(ctx context.Context, key string, at time.Time, late time.Duration) (bool, error)
	// PruneSlots forgets claims made before before.
	PruneSlots(ctx context.Context, before time.Time) (int64, error)
	// RecordFailure keeps a slot's error for the operator.
	RecordFailure(ctx context.Context, key string, at time.Time, reason string) error
	// PutTimer stores a timer, moving an existing one with the same key.
	PutTimer(ctx context.Context, t Timer) error
	// DeleteTimer removes a timer; unknown keys are fine.
	DeleteTimer(ctx context.Context, key string) error
	// AdvanceTimer moves the timer key from at to next (deleting it when
	// next is zero) and reports whether it was still at at; false means it
	// was moved or cancelled meanwhile.
	AdvanceTimer(ctx context.Context, key string, at, next time.Time) (bool, error)
	// DueTimers returns the timers of the given kinds due by until, by time.
	DueTimers(ctx context.Context, until time.Time, kinds []string) ([]Timer, error)
	// NextTimer returns the earliest time a timer of the given kinds is due.
	NextTimer(ctx context.Context, kinds []string) (time.Time, bool, error)
	// InstanceID returns an id for this store, made once and kept, so an
	// instance that restarts recognises its own claims in a shared Claimer.
	InstanceID(ctx context.Context) (string, error)
}

// Outbox is where fired slots put their messages, in the slot's
// transaction (bot.OutboxStore has it).
type Outbox interface {
	Enqueue(ctx context.Context, at time.Time, msgs ...bot.Outgoing) error
}

// Claimer is a claim on slots shared by several instances (Redis), so that
// instances with their own stores fire each slot once between them. A claim
// is taken for hold before the slot's transaction, confirmed for keep after
// it commits, and released when it rolls back.
type Claimer interface {
	// ClaimSlot takes key for owner; it reports false when another owner
	// holds it or it was confirmed. An owner's own unconfirmed claim is
	// granted again (it crashed before confirming).
	ClaimSlot(ctx context.Context, key, owner string, hold time.Duration) (bool, error)
	// ConfirmSlot marks key fired, for keep.
	ConfirmSlot(ctx context.Context, key, owner string, keep time.Duration) error
	// ReleaseSlot gives up owner's unconfirmed claim.
	ReleaseSlot(ctx context.Context, key, owner string) error
}
