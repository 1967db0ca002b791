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
	// HoldMessages keeps a fired slot's messages until the shared claim
	// decides whether they are sent.
	HoldMessages(ctx context.Context, key string, msgs []bot.Outgoing) error
	// HeldSlots lists the slots whose messages are held.
	HeldSlots(ctx context.Context) ([]Held, error)
	// DropHeld forgets a slot's held messages.
	DropHeld(ctx context.Context, key string) error
	// InstanceID returns an id for this store, made once and kept, so an
	// instance that restarts recognises its own claims in a shared Claimer.
	InstanceID(ctx context.Context) (string, error)
}

// Outbox is where fired slots put their messages, in the slot's
// transaction (bot.OutboxStore has it).
type Outbox interface {
	Enqueue(ctx context.Context, at time.Time, msgs ...bot.Outgoing) error
}

// Held is a fired slot's messages waiting for the shared claim's verdict.
type Held struct {
	Key  string
	Msgs []bot.Outgoing
}

// Claimer records, across instances, which instance fired a slot (Redis),
// so that instances with their own stores send each slot once between
// them. Claims are idempotent for their owner, which is what lets an
// instance that crashed finish what it started.
type Claimer interface {
	// ClaimSlot records owner as the instance that fires key, for keep,
	// unless another owner did; it reports whether owner has it. Claiming
	// again as the same owner is true.
	ClaimSlot(ctx context.Context, key, owner string, keep time.Duration) (bool, error)
	// SlotTaken reports whether another owner has claimed key.
	SlotTaken(ctx context.Context, key, owner string) (bool, error)
}
