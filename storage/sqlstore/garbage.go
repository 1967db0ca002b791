package sqlstore

import (
	"context"
	"fmt"
	"time"

	"linli/knowledge/garbage"
)

// GarbageStore keeps imported garbage-sorting items; it implements
// garbage.Store.
type GarbageStore struct {
	db *DB
	// Now stamps imports; tests may set it.
	Now func() time.Time
}

// NewGarbageStore returns the garbage item store over db.
func NewGarbageStore(db *DB) *GarbageStore { return &GarbageStore{db: db, Now: time.Now} }

// GarbageItems returns every stored item, in import order.
func (s *GarbageStore) GarbageItems(ctx context.Context) ([]garbage.Item, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx,
		`SELECT name, city, category, note, source FROM garbage_items ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("list garbage items: %w", err)
	}
	defer rows.Close()
	var out []garbage.Item
	for rows.Next() {
		var it garbage.Item
		var cat string
		if err := rows.Scan(&it.Name, &it.City, &cat, &it.Note, &it.Source); err != nil {
			return nil, fmt.Errorf("list garbage items: %w", err)
		}
		it.Category = garbage.Category(cat)
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list garbage items: %w", err)
	}
	return out, nil
}

// ReplaceGarbageItems replaces the items of source in one transaction, so
// a re-import never leaves duplicates or a half-imported list.
func (s *GarbageStore) ReplaceGarbageItems(ctx context.Context, source string, items []garbage.Item) (int, error) {
	var n int
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		q := s.db.q(ctx)
		if _, err := q.ExecContext(ctx, `DELETE FROM garbage_items WHERE source = ?`, source); err != nil {
			return err
		}
		now := ms(s.Now())
		for _, it := range items {
			if _, err := q.ExecContext(ctx, `INSERT INTO garbage_items(name, city, category, note, source, imported_at)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT(name, city) DO UPDATE SET category = excluded.category, note = excluded.note,
					source = excluded.source, imported_at = excluded.imported_at`,
				it.Name, it.City, string(it.Category), it.Note, source, now); err != nil {
				return fmt.Errorf("item %q: %w", it.Name, err)
			}
		}
		return q.QueryRowContext(ctx, `SELECT count(*) FROM garbage_items WHERE source = ?`, source).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("replace garbage items from %s: %w", source, err)
	}
	return n, nil
}
