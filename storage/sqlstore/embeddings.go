package sqlstore

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"linli/knowledge"
)

// Vectors returns every stored embedding vector of model, by chunk. It
// implements knowledge.VectorStore.
func (s *KnowledgeStore) Vectors(ctx context.Context, model string) (map[knowledge.ChunkKey][]float32, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT c.source, c.key, e.dim, e.vec
		FROM kb_embeddings e JOIN kb_chunks c ON c.id = e.chunk_id WHERE e.model = ?`, model)
	if err != nil {
		return nil, fmt.Errorf("load vectors of %s: %w", model, err)
	}
	defer rows.Close()
	out := map[knowledge.ChunkKey][]float32{}
	for rows.Next() {
		var k knowledge.ChunkKey
		var dim int
		var blob []byte
		if err := rows.Scan(&k.Source, &k.Key, &dim, &blob); err != nil {
			return nil, fmt.Errorf("load vectors of %s: %w", model, err)
		}
		if len(blob) != 4*dim {
			return nil, fmt.Errorf("load vectors of %s: chunk %s/%s: %d bytes for %d dimensions", model, k.Source, k.Key, len(blob), dim)
		}
		out[k] = decodeVector(blob)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load vectors of %s: %w", model, err)
	}
	return out, nil
}

// PutVectors stores vecs[i] as the vector of chunks[i] for model, in one
// transaction, replacing an older one. A chunk whose stored text is no
// longer the text given (it was re-imported while its vector was being
// computed), or that is gone, gets none. It returns how many were stored
// and implements knowledge.VectorStore.
func (s *KnowledgeStore) PutVectors(ctx context.Context, model string, chunks []knowledge.Chunk, vecs [][]float32) (int, error) {
	if len(chunks) != len(vecs) {
		return 0, fmt.Errorf("store vectors of %s: %d vectors for %d chunks", model, len(vecs), len(chunks))
	}
	stored := 0
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		for i, c := range chunks {
			var id int64
			err := s.db.q(ctx).QueryRowContext(ctx, `SELECT id FROM kb_chunks
				WHERE source = ? AND key = ? AND kind = ? AND path = ? AND question = ? AND body = ?`,
				c.Source, c.Key, string(c.Kind), c.Path, c.Question, c.Text).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err == nil {
				_, err = s.db.q(ctx).ExecContext(ctx, `INSERT INTO kb_embeddings(chunk_id, model, dim, vec) VALUES (?, ?, ?, ?)
					ON CONFLICT(chunk_id, model) DO UPDATE SET dim = excluded.dim, vec = excluded.vec`,
					id, model, len(vecs[i]), encodeVector(vecs[i]))
			}
			if err != nil {
				return fmt.Errorf("store vector of %s/%s: %w", c.Source, c.Key, err)
			}
			stored++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return stored, nil
}

// encodeVector lays a vector out as little-endian float32s.
func encodeVector(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

func decodeVector(b []byte) []float32 {
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}

var _ knowledge.VectorStore = (*KnowledgeStore)(nil)
