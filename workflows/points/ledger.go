// Package points is the points ledger that check-ins, volunteer tasks and
// events credit, and the points shop (积分商城) where residents trade points
// for souvenirs.
//
// Points are a ledger: a balance is the sum of append-only entries, each with
// a reason and a source key. The source key is unique, so the message or job
// slot that caused an entry can never pay twice, however often it is
// redelivered. Nothing updates a balance in place.
package points

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Entry is one line of the ledger. Positive amounts earn, negative amounts
// spend (a redemption) or reverse.
type Entry struct {
	MemberID int64
	// Community is the community whose points these are; a member who lives
	// in two communities has a balance in each.
	Community string
	Amount    int64
	// Reason is shown to the member in their history ("打卡", "连续7天奖励").
	Reason string
	// SourceKey names what caused the entry (a message id, a job slot, a
	// redemption code with a prefix); a second entry with the same key is
	// refused, so a redelivery never pays twice.
	SourceKey string
	At        time.Time
}

// Validate reports an entry the ledger must not take.
func (e Entry) Validate() error {
	switch {
	case e.MemberID <= 0:
		return errors.New("points entry: no member")
	case e.SourceKey == "":
		return errors.New("points entry: no source key")
	case e.Amount == 0:
		return errors.New("points entry: zero amount")
	case e.Reason == "":
		return errors.New("points entry: no reason")
	}
	return nil
}

// Standing is a member's place in a community's points table.
type Standing struct {
	MemberID int64
	Name     string
	Points   int64
	// Rank counts from 1; members with equal points share a rank (1, 2, 2,
	// 4). It is 0 for a member with no entries.
	Rank int
}

// Crediter is the one thing most workflows need from the ledger: volunteer
// tasks and events credit points through it and define nothing else.
type Crediter interface {
	// Credit appends e to the ledger. It reports false, and changes
	// nothing, when an entry with the same SourceKey exists.
	Credit(ctx context.Context, e Entry) (credited bool, err error)
}

// Ledger is the points ledger store. Called with a transaction's context
// (bot.Transactor), every method takes part in that transaction.
type Ledger interface {
	Crediter
	// Balance is the sum of a member's entries in a community.
	Balance(ctx context.Context, memberID int64, community string) (int64, error)
	// Standings lists the top limit members of a community by balance,
	// highest first, ties by member id.
	Standings(ctx context.Context, community string, limit int) ([]Standing, error)
	// StandingOf is one member's place in the community's table.
	StandingOf(ctx context.Context, community string, memberID int64) (Standing, error)
	// History returns a member's most recent entries, newest first.
	History(ctx context.Context, memberID int64, community string, limit int) ([]Entry, error)
}

// ErrInsufficient is returned by Spend when the balance does not cover the
// amount.
var ErrInsufficient = errors.New("points: balance too low")

// Spend debits e.Amount (a positive number) from the member's balance,
// never below zero. Call it inside a transaction: the balance check and the
// debit then commit together, and SQLite's immediate write transactions keep
// two spends of the same points from both passing the check. It reports
// false when the source key was already used (nothing is debited twice).
func Spend(ctx context.Context, l Ledger, e Entry) (bool, error) {
	if e.Amount <= 0 {
		return false, fmt.Errorf("spend %d points: amount must be positive", e.Amount)
	}
	bal, err := l.Balance(ctx, e.MemberID, e.Community)
	if err != nil {
		return false, fmt.Errorf("spend points: %w", err)
	}
	if bal < e.Amount {
		return false, ErrInsufficient
	}
	e.Amount = -e.Amount
	ok, err := l.Credit(ctx, e)
	if err != nil {
		return false, fmt.Errorf("spend points: %w", err)
	}
	return ok, nil
}
