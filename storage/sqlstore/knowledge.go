package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"linli/bot"
	"linli/knowledge"
)

// KnowledgeStore keeps the knowledge base's chunks.
type KnowledgeStore struct{ db *DB }

// NewKnowledgeStore returns the knowledge store over db.
func NewKnowledgeStore(db *DB) *KnowledgeStore { return &KnowledgeStore{db: db} }

// ReplaceSource replaces every chunk of source with chunks, in one
// transaction (joining ctx's, if any), so a re-import never duplicates and
// a failed one changes nothing. Chunks whose key is still there keep their
// id, and their embedding vectors when their text is unchanged, so a
// re-import does not have to embed the whole source again.
func (s *KnowledgeStore) ReplaceSource(ctx context.Context, source string, chunks []knowledge.Chunk, at time.Time) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT id, key FROM kb_chunks WHERE source = ?`, source)
		old, err := collect(rows, err, func(r rowScanner) (storedKey, error) {
			var k storedKey
			err := r.Scan(&k.id, &k.key)
			return k, err
		})
		if err != nil {
			return fmt.Errorf("replace source %s: %w", source, err)
		}
		keep := make(map[string]bool, len(chunks))
		for _, c := range chunks {
			c.Source = source
			if _, err := s.put(ctx, c, at); err != nil {
				return fmt.Errorf("replace source %s: %w", source, err)
			}
			keep[c.Key] = true
		}
		for _, o := range old {
			if keep[o.key] {
				continue
			}
			// The foreign key's cascade drops the chunk's vectors.
			if _, err := s.db.q(ctx).ExecContext(ctx, `DELETE FROM kb_chunks WHERE id = ?`, o.id); err != nil {
				return fmt.Errorf("replace source %s: %w", source, err)
			}
		}
		return nil
	})
}

// storedKey is a stored chunk's id and key.
type storedKey struct {
	id  int64
	key string
}

// PutChunk stores one chunk, replacing the one with the same source and
// key, and returns its id. A chunk whose text changes loses its embedding
// vectors.
func (s *KnowledgeStore) PutChunk(ctx context.Context, c knowledge.Chunk, at time.Time) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var err error
		id, err = s.put(ctx, c, at)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("put chunk %s/%s: %w", c.Source, c.Key, err)
	}
	return id, nil
}

// put upserts c inside the transaction in ctx. A vector describes the
// text it was computed from, so when the chunk's text (its kind, path,
// question or body) changes, its vectors are dropped first; an unchanged
// chunk keeps them.
func (s *KnowledgeStore) put(ctx context.Context, c knowledge.Chunk, at time.Time) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	if _, err := s.db.q(ctx).ExecContext(ctx, `DELETE FROM kb_embeddings WHERE chunk_id IN (
		SELECT id FROM kb_chunks WHERE source = ? AND key = ?
			AND (kind != ? OR path != ? OR question != ? OR body != ?))`,
		c.Source, c.Key, string(c.Kind), c.Path, c.Question, c.Text); err != nil {
		return 0, err
	}
	// An existing chunk is updated, not upserted: an insert that turns
	// into an update would still use a number up (AUTOINCREMENT).
	var id int64
	err := s.db.q(ctx).QueryRowContext(ctx, `UPDATE kb_chunks SET kind = ?, path = ?, question = ?, body = ?, articles = ?
		WHERE source = ? AND key = ? RETURNING id`,
		string(c.Kind), c.Path, c.Question, c.Text, joinInts(c.Articles), c.Source, c.Key).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	err = s.db.q(ctx).QueryRowContext(ctx, `INSERT INTO kb_chunks(source, kind, key, path, question, body, articles, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.Source, string(c.Kind), c.Key, c.Path, c.Question, c.Text, joinInts(c.Articles), ms(at)).Scan(&id)
	return id, err
}

// chunkColumns are the columns scanChunk reads.
const chunkColumns = `id, source, kind, key, path, question, body, articles`

func scanChunk(r rowScanner) (knowledge.Chunk, error) {
	var c knowledge.Chunk
	var kind, arts string
	err := r.Scan(&c.ID, &c.Source, &kind, &c.Key, &c.Path, &c.Question, &c.Text, &arts)
	c.Kind = knowledge.Kind(kind)
	c.Articles = splitInts(arts)
	return c, err
}

// Chunks returns every stored chunk in the order it was stored.
func (s *KnowledgeStore) Chunks(ctx context.Context) ([]knowledge.Chunk, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT `+chunkColumns+` FROM kb_chunks ORDER BY id`)
	out, err := collect(rows, err, scanChunk)
	if err != nil {
		return nil, fmt.Errorf("list chunks: %w", err)
	}
	return out, nil
}

// ChunksOf returns a source's chunks at a path (the community of an FAQ
// entry added in chat), in the order they were stored.
func (s *KnowledgeStore) ChunksOf(ctx context.Context, source, path string) ([]knowledge.Chunk, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT `+chunkColumns+` FROM kb_chunks WHERE source = ? AND path = ? ORDER BY id`, source, path)
	out, err := collect(rows, err, scanChunk)
	if err != nil {
		return nil, fmt.Errorf("list chunks of %s: %w", source, err)
	}
	return out, nil
}

// ChunkByID finds a stored chunk; bot.ErrNotFound otherwise.
func (s *KnowledgeStore) ChunkByID(ctx context.Context, id int64) (knowledge.Chunk, error) {
	c, err := scanChunk(s.db.q(ctx).QueryRowContext(ctx, `SELECT `+chunkColumns+` FROM kb_chunks WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("chunk %d: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("chunk %d: %w", id, err)
	}
	return c, nil
}

// DeleteChunk removes a chunk with its vectors (in one transaction,
// joining ctx's).
func (s *KnowledgeStore) DeleteChunk(ctx context.Context, id int64) error {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.q(ctx).ExecContext(ctx, `DELETE FROM kb_embeddings WHERE chunk_id = ?`, id); err != nil {
			return err
		}
		_, err := s.db.q(ctx).ExecContext(ctx, `DELETE FROM kb_chunks WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete chunk %d: %w", id, err)
	}
	return nil
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
