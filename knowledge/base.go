package knowledge

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ChunkSource is where the stored chunks come from; storage/sqlite's
// KnowledgeStore implements it.
type ChunkSource interface {
	Chunks(ctx context.Context) ([]Chunk, error)
}

// Base is the knowledge base residents get: the built-in FAQ and lexicon
// plus every stored chunk, indexed in memory. Reload swaps in a new index
// without stopping searches.
//
// With an embedder (SetEmbedder) and stored vectors, SearchContext ranks
// articles by BM25 and by embeddings together; without, or when the
// embedding service fails, it ranks by BM25 alone.
type Base struct {
	src  ChunkSource
	lex  *Lexicon
	opts Options

	mu  sync.Mutex // serialises Reload and SetEmbedder
	emb Embedder
	vs  VectorStore
	log *slog.Logger

	cur               atomic.Pointer[snapshot]
	hybrid, fallbacks atomic.Int64
}

// snapshot is what one search reads: the index with the vectors of its
// chunks, swapped in whole.
type snapshot struct {
	ix  *Index
	vec *vectorIndex // nil without an embedder
	emb Embedder
}

// questionEmbedTimeout bounds embedding a resident's question: past it
// the answer is ranked by BM25 rather than keep the resident waiting.
const questionEmbedTimeout = 3 * time.Second

// Load builds the knowledge base from the built-in material and src (nil
// for the built-in material alone).
func Load(ctx context.Context, src ChunkSource, opts Options) (*Base, error) {
	lex, err := BuiltinLexicon()
	if err != nil {
		return nil, err
	}
	b := &Base{src: src, lex: lex, opts: opts, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := b.Reload(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// Reload rebuilds the index from the built-in material and the store, after
// an import or an FAQ entry added in chat, with the stored vectors of the
// embedding model, if any.
func (b *Base) Reload(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
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
	ix := NewIndex(chunks, b.lex, b.opts)
	vec, err := b.loadVectors(ctx, ix)
	if err != nil {
		return err
	}
	b.cur.Store(&snapshot{ix: ix, vec: vec, emb: b.emb})
	return nil
}

// SetEmbedder turns on hybrid ranking for SearchContext: questions are
// embedded with e and compared with the vectors vs holds for e's model.
// Chunks without a vector (the built-in FAQ, material not yet embedded)
// take part through BM25 only; `linli kb embed` fills the store. A nil e,
// or one with no embedding model, turns hybrid ranking off. log (nil for
// none) gets a line for every question that falls back to BM25. Call it
// before serving searches.
func (b *Base) SetEmbedder(ctx context.Context, e Embedder, vs VectorStore, log *slog.Logger) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if e == nil || e.EmbedModel() == "" || vs == nil {
		e, vs = nil, nil
	}
	if log != nil {
		b.log = log
	}
	b.emb, b.vs = e, vs
	ix := b.cur.Load().ix
	vec, err := b.loadVectors(ctx, ix)
	if err != nil {
		return err
	}
	b.cur.Store(&snapshot{ix: ix, vec: vec, emb: e})
	return nil
}

// loadVectors reads the embedding model's vectors for the chunks of ix.
func (b *Base) loadVectors(ctx context.Context, ix *Index) (*vectorIndex, error) {
	if b.emb == nil {
		return nil, nil
	}
	model := b.emb.EmbedModel()
	vecs, err := b.vs.Vectors(ctx, model)
	if err != nil {
		return nil, fmt.Errorf("load vectors of %s: %w", model, err)
	}
	vec, skipped := newVectorIndex(ix, model, vecs)
	if skipped > 0 {
		b.log.Warn("stored vectors left out: not the dimension of the others, or zero", "model", model, "skipped", skipped, "kept", vec.rows())
	}
	return vec, nil
}

// Index returns the current index.
func (b *Base) Index() *Index { return b.cur.Load().ix }

// Search ranks the material everyone sees for a question by BM25 alone.
func (b *Base) Search(query string, k int) Result { return b.Index().Search(query, k) }

// SearchContext ranks the material for a question asked by a resident of
// community the way residents' questions are answered: the community's
// own FAQ entries take part, no other community's (Index.SearchIn). With
// hybrid ranking on (SetEmbedder, and stored vectors), the question is
// embedded and the BM25 article ranking is fused with the embedding
// ranking by reciprocal-rank fusion; the article passages follow the
// fused ranking. Embedding the question may
// take at most a few seconds and honours ctx; on any failure the result
// is Search's, unchanged, and the failure is counted (HybridStats) and
// logged, so a question is always answered.
func (b *Base) SearchContext(ctx context.Context, community, query string, k int) Result {
	s := b.cur.Load()
	if s.emb == nil || s.vec.rows() == 0 || strings.TrimSpace(query) == "" {
		return s.ix.SearchIn(community, query, k)
	}
	if len(s.ix.namedArticles(Normalize(query))) > 0 {
		return s.ix.SearchIn(community, query, k) // the resident named the article
	}
	ranked, err := s.vectorRanking(ctx, community, query)
	if err != nil {
		n := b.fallbacks.Add(1)
		b.log.Warn("hybrid ranking fell back to BM25", "model", s.vec.model, "err", err, "fallbacks", n)
		return s.ix.SearchIn(community, query, k)
	}
	b.hybrid.Add(1)
	res := s.ix.SearchIn(community, query, max(k, fuseDepth))
	return s.ix.fusedResult(res, fuse(bm25Articles(res), ranked), k)
}

// vectorRanking embeds the question and ranks articles by the vectors
// community's residents see.
func (s *snapshot) vectorRanking(ctx context.Context, community, query string) ([]int, error) {
	ctx, cancel := context.WithTimeout(ctx, questionEmbedTimeout)
	defer cancel()
	vecs, err := s.emb.Embed(ctx, []string{query})
	if err != nil {
		return nil, err
	}
	if len(vecs) != 1 {
		return nil, errors.New("embedding service answered with the wrong number of vectors")
	}
	return s.vec.rank(vecs[0], fuseDepth, s.ix.faqFor(community).scope)
}

// HybridStats counts how SearchContext ranked questions since start.
type HybridStats struct {
	// Hybrid is how many were ranked by BM25 and embeddings together.
	Hybrid int64
	// Fallbacks is how many were meant to be, but embedding the question
	// failed or timed out and BM25 ranked them alone.
	Fallbacks int64
}

// HybridStats returns the counts so far.
func (b *Base) HybridStats() HybridStats {
	return HybridStats{Hybrid: b.hybrid.Load(), Fallbacks: b.fallbacks.Load()}
}

// Ranking says in one line how SearchContext ranks: "bm25", or
// "bm25+embeddings (model X, N vectors)", or why embeddings are not used
// although a model is set.
func (b *Base) Ranking() string {
	s := b.cur.Load()
	switch {
	case s.emb == nil:
		return "bm25"
	case s.vec.rows() == 0:
		return fmt.Sprintf("bm25 (embedding model %s has no stored vectors; run `linli kb embed`)", s.vec.model)
	}
	return fmt.Sprintf("bm25+embeddings (model %s, %d vectors)", s.vec.model, s.vec.rows())
}

// Ranker is what Evaluate measures: an Index, or a Base's hybrid ranking
// bound to a context (Base.Ranker). AreaOf is the area of law of article
// n (-1 for none), to tell whether an abstention named the right one.
type Ranker interface {
	Search(query string, k int) Result
	AreaOf(n int) int
}

// Ranker returns b's SearchContext bound to ctx, for Evaluate, ranking
// the material everyone sees.
func (b *Base) Ranker(ctx context.Context) Ranker { return boundBase{b, ctx} }

type boundBase struct {
	b   *Base
	ctx context.Context
}

func (r boundBase) Search(query string, k int) Result { return r.b.SearchContext(r.ctx, "", query, k) }

func (r boundBase) AreaOf(n int) int { return r.b.Index().AreaOf(n) }
