package points

import (
	"context"
	"crypto/sha256"
	"time"
)

// Item is a souvenir in a community's points shop.
type Item struct {
	ID        int64
	Community string
	Name      string
	Price     int64
	Stock     int64
	// Active is false once a coordinator took it off the shelf (下架); its
	// open redemptions still count.
	Active    bool
	UpdatedAt time.Time
}

// RedemptionState is where a redemption stands.
type RedemptionState int

const (
	// Reserved means the points are debited and one item is set aside; the
	// member shows the code to a coordinator to collect it.
	Reserved RedemptionState = iota
	// HandedOver means a coordinator gave the item out (核销).
	HandedOver
	// Cancelled means the points and the item went back.
	Cancelled
)

// String says the state as a member reads it.
func (s RedemptionState) String() string {
	switch s {
	case HandedOver:
		return "已领取"
	case Cancelled:
		return "已取消"
	}
	return "待领取"
}

// Redemption is one item reserved for a member, collected with its code.
type Redemption struct {
	ID        int64
	Code      string
	ItemID    int64
	ItemName  string
	MemberID  int64
	Community string
	Price     int64
	State     RedemptionState
	CreatedAt time.Time
	UpdatedAt time.Time
	// UpdatedBy is the member who handed it over or cancelled it.
	UpdatedBy int64
}

// ShopStore is what the shop needs from storage, on top of the ledger.
type ShopStore interface {
	Ledger
	// PutItem adds an item or, when one of that name exists in the
	// community, sets its price and stock and puts it back on the shelf.
	PutItem(ctx context.Context, it Item) (Item, error)
	// ItemByName finds an item, on the shelf or not; bot.ErrNotFound otherwise.
	ItemByName(ctx context.Context, community, name string) (Item, error)
	// Items lists the items on the shelf, cheapest first.
	Items(ctx context.Context, community string) ([]Item, error)
	// SetItemActive puts an item on or off the shelf.
	SetItemActive(ctx context.Context, id int64, active bool, at time.Time) error
	// TakeStock takes one item from stock; it reports false when none is
	// left, and never goes below zero.
	TakeStock(ctx context.Context, id int64, at time.Time) (bool, error)
	// ReturnStock puts one item back.
	ReturnStock(ctx context.Context, id int64, at time.Time) error
	// AddRedemption stores a new redemption; it reports false when the code
	// is taken.
	AddRedemption(ctx context.Context, r Redemption) (Redemption, bool, error)
	// RedemptionByCode finds a redemption; bot.ErrNotFound otherwise.
	RedemptionByCode(ctx context.Context, code string) (Redemption, error)
	// SetRedemptionState moves a redemption on, only from Reserved; it
	// reports false when it was not Reserved any more.
	SetRedemptionState(ctx context.Context, id int64, to RedemptionState, by int64, at time.Time) (bool, error)
	// Redemptions lists a member's redemptions in a community, newest first.
	Redemptions(ctx context.Context, memberID int64, community string, limit int) ([]Redemption, error)
}

// codeAlphabet leaves out letters and digits that read alike (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// redemptionCode derives a six-character code from seed. It is
// deterministic so transcripts are stable; attempt picks another code after
// a collision.
func redemptionCode(seed string, attempt int) string {
	sum := sha256.Sum256([]byte(seed + "/" + string(rune('a'+attempt))))
	b := make([]byte, 6)
	for i := range b {
		b[i] = codeAlphabet[int(sum[i])%len(codeAlphabet)]
	}
	return string(b)
}
