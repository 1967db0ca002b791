package llm

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Budget keeps the tokens each community has used per day. When a
// community's day is spent, calls return ErrBudgetExhausted before any
// request is made and linli uses its rules until midnight (community time).
type Budget interface {
	// Used returns the tokens community has used on day ("2006-01-02").
	Used(ctx context.Context, community, day string) (int, error)
	// Add records tokens used by community on day.
	Add(ctx context.Context, community, day string, tokens int) error
}

// MemoryBudget is the default Budget: in memory, so a restart forgets the
// day's usage (at worst a community gets a second day's budget after a
// restart). Old days are dropped as new ones begin.
type MemoryBudget struct {
	mu   sync.Mutex
	used map[[2]string]int
}

// NewMemoryBudget returns an empty in-memory budget.
func NewMemoryBudget() *MemoryBudget { return &MemoryBudget{used: make(map[[2]string]int)} }

// Used returns the tokens community has used on day.
func (b *MemoryBudget) Used(_ context.Context, community, day string) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used[[2]string{community, day}], nil
}

// Add records tokens used by community on day, forgetting earlier days.
func (b *MemoryBudget) Add(_ context.Context, community, day string, tokens int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k := range b.used {
		if k[1] < day {
			delete(b.used, k)
		}
	}
	b.used[[2]string{community, day}] += tokens
	return nil
}

// day is the community's calendar day at the client's clock.
func (c *Client) day(community string) string {
	loc := shanghai()
	if c.dir != nil {
		if l := c.dir.Location(community); l != nil {
			loc = l
		}
	}
	return c.clock.Now().In(loc).Format(time.DateOnly)
}

func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}

func (c *Client) checkBudget(ctx context.Context, community string) error {
	if c.cfg.DailyTokenBudget <= 0 {
		return nil
	}
	day := c.day(community)
	used, err := c.budget.Used(ctx, community, day)
	if err != nil {
		return fmt.Errorf("read llm budget of %q: %w", community, err)
	}
	if used >= c.cfg.DailyTokenBudget {
		if c.spent != nil {
			c.spent(community, day)
		}
		return fmt.Errorf("%w: %q used %d of %d tokens today", ErrBudgetExhausted, community, used, c.cfg.DailyTokenBudget)
	}
	return nil
}

func (c *Client) spend(ctx context.Context, community string, tokens int) {
	if tokens <= 0 {
		return
	}
	if err := c.budget.Add(ctx, community, c.day(community), tokens); err != nil {
		// Losing a count only makes the budget generous; the call itself
		// succeeded.
		c.log.Warn("record llm token use", "community", community, "tokens", tokens, "err", err)
	}
}
