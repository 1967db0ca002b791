package bot

import (
	"context"
	"errors"
	"time"
)

// Transactor runs a function inside one store transaction. The transaction
// travels in the context: every store method called with that context takes
// part in it, so a message's effects, its de-duplication record and its
// replies commit together or not at all.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// ErrConflict marks a store error that means a concurrent transaction
// conflicted with this one (PostgreSQL's serialization failures): nothing
// of the transaction counts, and running it again is expected to succeed.
// Stores that run a conflicted transaction again themselves return it
// only when they give up (see TryAtMost).
var ErrConflict = errors.New("conflict with a concurrent transaction")

type attemptsKey struct{}

// TryAtMost marks ctx so that InTx runs its function at most n times
// before it returns the conflict, as an error that is ErrConflict: the
// caller has a better way to go on (a batch in smaller parts) than the
// store's own many attempts.
func TryAtMost(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, attemptsKey{}, n)
}

// Attempts is how many times ctx lets InTx run a function that keeps
// conflicting: TryAtMost's n, or 0 when the store decides.
func Attempts(ctx context.Context) int {
	n, _ := ctx.Value(attemptsKey{}).(int)
	return n
}

// Savepointer undoes part of a transaction: Savepoint runs fn inside a
// savepoint of the transaction in ctx (or in a transaction of its own),
// and when fn fails only fn's effects are undone.
type Savepointer interface {
	Savepoint(ctx context.Context, fn func(ctx context.Context) error) error
}

// Relink records that a member was recognised through a changed platform id
// or display name, or that such a recognition was refused; it is logged,
// kept and audited.
type Relink struct {
	MemberID int64
	Group    string
	OldID    string
	NewID    string
	OldName  string
	NewName  string
	Reason   string
	// Refused is set when a newcomer carried the name of a member who holds
	// a role or an approved-volunteer status: a name is no proof, so the
	// newcomer became a new member (NewMemberID) acting as a resident until
	// they prove themselves.
	Refused     bool
	NewMemberID int64
	// Community is the community of the member concerned.
	Community string
}

// Members is the identity and role store.
type Members interface {
	// ResolveMember finds or creates the member behind a sender in a chat,
	// re-linking a changed platform id or display name. It returns the
	// re-link when one happened.
	ResolveMember(ctx context.Context, chat Chat, s Sender, at time.Time) (Member, *Relink, error)
	// MemberByID returns a member with their role in community.
	MemberByID(ctx context.Context, id int64, community string) (Member, error)
	// MemberByName finds a member by the name linli shows for them in a
	// community (「王芳」, 「王芳(2)」).
	MemberByName(ctx context.Context, community, name string) (Member, error)
	// MembersByName lists every member a typed name may mean in a
	// community: the one shown under exactly that name, and everyone whose
	// display name is or was it. Callers that act on one person ask the
	// user to pick when there are several.
	MembersByName(ctx context.Context, community, name string) ([]Member, error)
	// LoggedIn records that the bot's platform session began anew at at:
	// every platform id seen before belongs to the old session. Only then
	// may a new id be re-linked to a member by name.
	LoggedIn(ctx context.Context, at time.Time) error
	// SetRole records a member's role in a community.
	SetRole(ctx context.Context, memberID int64, community string, role Role, at time.Time) error
	// Coordinators lists a community's coordinators.
	Coordinators(ctx context.Context, community string) ([]Member, error)
	// PlatformID returns the latest platform id linked to a member, for
	// gateways that address members privately.
	PlatformID(ctx context.Context, memberID int64) (string, error)
}

// Inbox records handled messages, durably.
type Inbox interface {
	// MarkHandled records msgID as handled, counting for community (which
	// may be "" until CountFor says); it reports false when it was already
	// handled (a redelivery).
	MarkHandled(ctx context.Context, msgID, community string, at time.Time) (bool, error)
	// CountFor records the community a handled message counts for, once
	// the sender is resolved, when MarkHandled could not know it (a
	// private chat's community is the sender's), so each community's
	// figures are its own.
	CountFor(ctx context.Context, msgID, community string) error
}

// OutboxItem is a stored outgoing message.
type OutboxItem struct {
	ID       int64
	Outgoing Outgoing
	Created  time.Time
	Attempts int
	NextTry  time.Time
}

// OutboxStore keeps outgoing messages until they are delivered.
type OutboxStore interface {
	// Enqueue stores messages in order; inside a transaction they commit
	// with it.
	Enqueue(ctx context.Context, at time.Time, msgs ...Outgoing) error
	// Pending returns up to limit undelivered messages due by now, oldest
	// first.
	Pending(ctx context.Context, now time.Time, limit int) ([]OutboxItem, error)
	// MarkSent records a delivery.
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkFailed records a failed attempt and when to try again.
	MarkFailed(ctx context.Context, id int64, next time.Time, reason string) error
	// Depth counts undelivered messages.
	Depth(ctx context.Context) (int, error)
}

// AuditEntry is one line of the audit log: every role change and every
// coordinator command.
type AuditEntry struct {
	Time      time.Time
	MemberID  int64
	Community string
	Action    string
	Detail    string
	// Actor names who acted where MemberID cannot (0): the operator or a
	// 街道 worker in the console. Empty, the store takes ActorOf(ctx).
	Actor string
}

// Auditor appends to the audit log.
type Auditor interface {
	Audit(ctx context.Context, e AuditEntry) error
}

// ReadAheader is a Store that looks up the senders of a batch's messages
// in one statement before the batch is handled, where each statement is a
// round trip to a server; ResolveMember then finds them without asking.
// The Router uses it when its Store has it.
type ReadAheader interface {
	ReadAhead(ctx context.Context, msgs []Message) error
}

// Store is everything the core needs from storage.
type Store interface {
	Transactor
	Savepointer
	Members
	Inbox
	OutboxStore
	Auditor
}

// ErrNotFound is what every store lookup returns, wrapped, when the thing
// looked up does not exist: one way to say "not found", so a workflow
// checks errors.Is(err, bot.ErrNotFound) whichever store answered.
var ErrNotFound = errors.New("not found")
