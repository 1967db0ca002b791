package knowledge

import (
	"context"
	"fmt"
	"sync/atomic"
)

// ChunkSource is where the stored chunks come from; storage/sqlite's
// KnowledgeStore implements it.
type ChunkSource interface {
	Chunks(ctx context.Context) ([]Chunk, error)
}

// Base is the knowledge base residents get: the built-in FAQ and lexicon
// plus every stored chunk, indexed in memory. Reload swaps in a new index
// without stopping searches.
type Base struct {
	src  ChunkSource
	lex  *Lexicon
	opts Options
	ix   atomic.Pointer[Index]
}

// Load builds the knowledge base from the built-in material and src (nil
// for the built-in material alone).
func Load(ctx context.Context, src ChunkSource, opts Options) (*Base, error) {
	lex, err := BuiltinLexicon()
	if err != nil {
		return nil, err
	}
	b := &Base{src: src, lex: lex, opts: opts}
	if err := b.Reload(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// Reload rebuilds the index from the built-in material and the store, after
// an import or an FAQ entry added in chat.
func (b *Base) Reload(ctx context.Context) error {
	chunks, err := BuiltinFAQ()
	if err != nil {
		return err
	}
	if b.src != nil {
		stored, err := b.src.Chunks(ctx)
		if err != nil {
			return fmt.Errorf("load knowledge base: %w", err)
		}
		chunks = append(chunks, stored...)
	}
	b.ix.Store(NewIndex(chunks, b.lex, b.opts))
	return nil
}

// Index returns the current index.
func (b *Base) Index() *Index { return b.ix.Load() }

// Search searches the current index.
func (b *Base) Search(query string, k int) Result { return b.Index().Search(query, k) }
