package sqlite

import (
	"context"

	"fmt"
	"strconv"
	"strings"
	"time"

	"linli/knowledge"
)

// KnowledgeStore keeps the knowledge base's chunks.
type KnowledgeStore struct{ db *DB }

// NewKnowledgeStore returns the knowledge store over db.
func NewKnowledgeStore(db *DB) *KnowledgeStore { return &KnowledgeStore{db: db} }

// ReplaceSource replaces every chunk of source with chunks, in one
// transaction (joining ctx's, if any), so a re-import never duplicates and
// a failed one changes nothing.
func (s *KnowledgeStore) ReplaceSource(ctx context.Context, source string, chunks []knowledge.Chunk, at time.Time) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.q(ctx).ExecContext(ctx, `DELETE FROM kb_chunks WHERE source = ?`, source); err != nil {
			return fmt.Errorf("replace source %s: %w", source, err)
		}
		for _, c := range chunks {
			c.Source = source
			if _, err := s.put(ctx, c, at); err != nil {
				return fmt.Errorf("replace source %s: %w", source, err)
			}
		}
		return nil
	})
}

// PutChunk stores one chunk, replacing the one with the same source and
// key, and returns its id.
func (s *KnowledgeStore) PutChunk(ctx context.Context, c knowledge.Chunk, at time.Time) (int64, error) {
	id, err := s.put(ctx, c, at)
	if err != nil {
		return 0, fmt.Errorf("put chunk %s/%s: %w", c.Source, c.Key, err)
	}
	return id, nil
}

func (s *KnowledgeStore) put(ctx context.Context, c knowledge.Chunk, at time.Time) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.q(ctx).QueryRowContext(ctx, `INSERT INTO kb_chunks(source, kind, key, path, question, body, articles, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(source, key) DO UPDATE SET kind = excluded.kind, path = excluded.path,
			question = excluded.question, body = excluded.body, articles = excluded.articles
		RETURNING id`,
		c.Source, string(c.Kind), c.Key, c.Path, c.Question, c.Text, joinInts(c.Articles), ms(at)).Scan(&id)
	return id, err
}

// Chunks returns every stored chunk in the order it was stored.
func (s *KnowledgeStore) Chunks(ctx context.Context) ([]knowledge.Chunk, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT id, source, kind, key, path, question, body, articles FROM kb_chunks ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list chunks: %w", err)
	}
	defer rows.Close()
	var out []knowledge.Chunk
	for rows.Next() {
		var c knowledge.Chunk
		var kind, arts string
		if err := rows.Scan(&c.ID, &c.Source, &kind, &c.Key, &c.Path, &c.Question, &c.Text, &arts); err != nil {
			return nil, fmt.Errorf("list chunks: %w", err)
		}
		c.Kind = knowledge.Kind(kind)
		c.Articles = splitInts(arts)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list chunks: %w", err)
	}
	return out, nil
}

// Sources counts stored chunks by source and kind.
func (s *KnowledgeStore) Sources(ctx context.Context) ([]knowledge.SourceCount, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT source, kind, count(*) FROM kb_chunks GROUP BY source, kind ORDER BY source, kind`)
	if err != nil {
		return nil, fmt.Errorf("count sources: %w", err)
	}
	defer rows.Close()
	var out []knowledge.SourceCount
	for rows.Next() {
		var sc knowledge.SourceCount
		var kind string
		if err := rows.Scan(&sc.Source, &kind, &sc.Chunks); err != nil {
			return nil, fmt.Errorf("count sources: %w", err)
		}
		sc.Kind = knowledge.Kind(kind)
		out = append(out, sc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count sources: %w", err)
	}
	return out, nil
}

func joinInts(v []int) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

func splitInts(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
			out = append(out, n)
		}
	}
	return out
}
