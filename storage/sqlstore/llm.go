package sqlstore

import (
	"context"
	"fmt"

	"linli/llm"
)

// LLMBudget implements llm.Budget in the database, so a restart does not
// hand a community a second day's worth of tokens.
type LLMBudget struct{ db *DB }

// NewLLMBudget returns the budget store over db.
func NewLLMBudget(db *DB) *LLMBudget { return &LLMBudget{db: db} }

var _ llm.Budget = (*LLMBudget)(nil)

// Used returns the tokens community has used on day.
func (b *LLMBudget) Used(ctx context.Context, community, day string) (int, error) {
	var n int
	err := b.db.q(ctx).QueryRowContext(ctx,
		`SELECT COALESCE(SUM(tokens), 0) FROM llm_usage WHERE community = ? AND day = ?`, community, day).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("read llm usage of %q on %s: %w", community, day, err)
	}
	return n, nil
}

// Add records tokens used by community on day.
func (b *LLMBudget) Add(ctx context.Context, community, day string, tokens int) error {
	_, err := b.db.q(ctx).ExecContext(ctx, `INSERT INTO llm_usage(community, day, tokens, calls) VALUES (?, ?, ?, 1)
		ON CONFLICT(community, day) DO UPDATE SET tokens = llm_usage.tokens + excluded.tokens, calls = llm_usage.calls + 1`,
		community, day, tokens)
	if err != nil {
		return fmt.Errorf("record llm usage of %q on %s: %w", community, day, err)
	}
	return nil
}
