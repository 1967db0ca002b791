package knowledge

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Embedder turns texts into embedding vectors, one per text, in order;
// *llm.Client implements it. EmbedModel names the model ("" when
// embeddings are off): stored vectors are kept per model, so changing it
// means embedding the material again.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	EmbedModel() string
}

// ChunkKey names a stored chunk the way a re-import does: by its source
// and its key within the source.
type ChunkKey struct{ Source, Key string }

// KeyOf returns c's key.
func KeyOf(c Chunk) ChunkKey { return ChunkKey{c.Source, c.Key} }

// VectorStore keeps the stored chunks' embedding vectors, one per chunk
// and model; storage/sqlite's KnowledgeStore implements it. A vector
// belongs to the text it was computed from: the store drops it when the
// chunk's text changes.
type VectorStore interface {
	// Vectors returns every stored vector of model by chunk.
	Vectors(ctx context.Context, model string) (map[ChunkKey][]float32, error)
	// PutVectors stores vecs[i] as chunks[i]'s vector for model, unless
	// the stored chunk no longer has chunks[i]'s text (it changed while
	// the vector was being computed); it returns how many it stored.
	PutVectors(ctx context.Context, model string, chunks []Chunk, vecs [][]float32) (int, error)
}

// Hybrid ranking: the fusion constant and how deep each ranking goes.
const (
	// rrfK is reciprocal-rank fusion's constant: a document's fused score
	// is the sum over rankings of 1/(rrfK + rank). 60 is the value of the
	// original paper (Cormack et al., 2009), which damps the difference
	// between the first few ranks so neither ranking dominates.
	rrfK = 60
	// fuseDepth is how many articles of each ranking take part.
	fuseDepth = 20
	// embedBatch is how many chunks EmbedMissing embeds and stores at a
	// time; an interrupted run keeps every finished batch.
	embedBatch = 50
)

// embeddable reports whether a chunk takes part in the vector ranking:
// articles, and FAQ entries for the articles they cite. Guidance
// paragraphs are ranked by BM25 alone, so they are not embedded.
func embeddable(c Chunk) bool { return c.Kind == KindArticle || c.Kind == KindFAQ }

// embedText is the text a chunk's vector is computed from: an article with
// the titles of its book, chapter and section; an FAQ entry's question
// with its answer.
func embedText(c Chunk) string {
	var head string
	switch c.Kind {
	case KindFAQ:
		head = c.Question
	default:
		head = strings.TrimSpace(pathTitles(c.Path))
	}
	if head == "" {
		return c.Text
	}
	return head + "\n" + c.Text
}

// EmbedMissing embeds every stored article and FAQ entry of src that has
// no vector for e's model yet, embedBatch at a time, storing each batch
// before asking for the next, so it can be run again after an
// interruption and only finishes the rest. progress, when not nil, is
// told after each batch. It returns how many chunks it embedded.
func EmbedMissing(ctx context.Context, src ChunkSource, vs VectorStore, e Embedder, progress func(done, total int)) (int, error) {
	model := e.EmbedModel()
	if model == "" {
		return 0, errors.New("embed knowledge base: no embedding model configured")
	}
	chunks, err := src.Chunks(ctx)
	if err != nil {
		return 0, fmt.Errorf("embed knowledge base: %w", err)
	}
	have, err := vs.Vectors(ctx, model)
	if err != nil {
		return 0, fmt.Errorf("embed knowledge base: %w", err)
	}
	var todo []Chunk
	for _, c := range chunks {
		if _, ok := have[KeyOf(c)]; !ok && embeddable(c) {
			todo = append(todo, c)
		}
	}
	have = nil // the vectors were only wanted for their keys
	done := 0
	if progress != nil {
		progress(0, len(todo))
	}
	texts := make([]string, 0, embedBatch)
	for start := 0; start < len(todo); start += embedBatch {
		batch := todo[start:min(start+embedBatch, len(todo))]
		texts = texts[:0]
		for _, c := range batch {
			texts = append(texts, embedText(c))
		}
		vecs, err := e.Embed(ctx, texts)
		if err != nil {
			return done, fmt.Errorf("embed knowledge base (%d of %d done): %w", done, len(todo), err)
		}
		if len(vecs) != len(batch) {
			return done, fmt.Errorf("embed knowledge base: %d vectors for %d texts", len(vecs), len(batch))
		}
		n, err := vs.PutVectors(ctx, model, batch, vecs)
		if err != nil {
			return done, fmt.Errorf("embed knowledge base: %w", err)
		}
		done += n
		if progress != nil {
			progress(start+len(batch), len(todo))
		}
	}
	return done, nil
}

// vectorIndex is the in-memory matrix of the indexed chunks' vectors:
// row r is an L2-normalised vector standing for the articles arts[r] (an
// article's own number, or those an FAQ entry cites).
type vectorIndex struct {
	model string
	dim   int
	data  []float32 // rows × dim
	arts  [][]int   // row → articles
	// scope is, for each row, the faqView.scope of the only community
	// whose residents it answers, -1 when it answers everyone.
	scope  []int32
	maxArt int
}

// rows is how many chunks have a vector.
func (v *vectorIndex) rows() int {
	if v == nil {
		return 0
	}
	return len(v.arts)
}

// newVectorIndex lays out the vectors of the chunks of ix that have one.
// Vectors of another dimension than the first (left from a model that
// changed its size under the same name) and zero vectors are left out;
// skipped counts them.
func newVectorIndex(ix *Index, model string, vecs map[ChunkKey][]float32) (v *vectorIndex, skipped int) {
	v = &vectorIndex{model: model}
	for _, c := range ix.Chunks() {
		if !embeddable(c) || len(c.Articles) == 0 {
			continue
		}
		vec, ok := vecs[KeyOf(c)]
		if !ok {
			continue
		}
		if v.dim == 0 {
			v.dim = len(vec)
			v.data = make([]float32, 0, v.dim*len(vecs))
		}
		start := len(v.data)
		if len(vec) != v.dim || !appendUnit(&v.data, vec) {
			v.data = v.data[:start]
			skipped++
			continue
		}
		v.arts = append(v.arts, c.Articles)
		v.scope = append(v.scope, ix.scopeOf(c))
		for _, a := range c.Articles {
			v.maxArt = max(v.maxArt, a)
		}
	}
	return v, skipped
}

// scopeOf is the faqView.scope of the only community whose residents c
// answers, -1 when it answers everyone.
func (ix *Index) scopeOf(c Chunk) int32 {
	if c.Kind != KindFAQ || c.Source != CommunitySource {
		return -1
	}
	return ix.faqFor(c.Path).scope
}

// appendUnit appends vec scaled to length 1; it reports false for a zero
// (or non-finite) vector, which points nowhere.
func appendUnit(dst *[]float32, vec []float32) bool {
	var ss float64
	for _, x := range vec {
		ss += float64(x) * float64(x)
	}
	if ss == 0 || math.IsInf(ss, 0) || math.IsNaN(ss) {
		return false
	}
	inv := float32(1 / math.Sqrt(ss))
	for _, x := range vec {
		*dst = append(*dst, x*inv)
	}
	return true
}

// rank returns the n articles whose vectors point closest to q (cosine),
// best first, among the rows the residents of scope (a faqView.scope)
// see. An article's score is its best row: its own text, or an FAQ entry
// citing it.
func (v *vectorIndex) rank(q []float32, n int, scope int32) ([]int, error) {
	if len(q) != v.dim {
		return nil, fmt.Errorf("question vector has %d dimensions, stored vectors %d", len(q), v.dim)
	}
	unit := make([]float32, 0, v.dim)
	if !appendUnit(&unit, q) {
		return nil, errors.New("question vector is zero")
	}
	// Scores are 1+cosine, so every article with a vector is positive and
	// one without stays 0, as topK wants.
	best := make([]float32, v.maxArt+1)
	for r, arts := range v.arts {
		if v.scope[r] >= 0 && v.scope[r] != scope {
			continue // another community's own entry
		}
		s := 1 + dot(v.data[r*v.dim:(r+1)*v.dim], unit)
		for _, a := range arts {
			if a < len(best) && s > best[a] {
				best[a] = s
			}
		}
	}
	return topK(best, n), nil
}

// dot is the inner product of two vectors of the same length.
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

// fuse merges rankings by reciprocal-rank fusion, each cut at fuseDepth.
// Ties go to the article ranked better by the earlier ranking (BM25), so
// an article found by the vectors alone never displaces an equal one
// the words found.
func fuse(rankings ...[]int) []int {
	type fused struct {
		art   int
		score float64
		first []int // rank in each ranking (0 best); fuseDepth when absent
	}
	byArt := map[int]*fused{}
	var out []*fused
	for li, ranking := range rankings {
		for r, a := range ranking[:min(len(ranking), fuseDepth)] {
			f, ok := byArt[a]
			if !ok {
				f = &fused{art: a, first: make([]int, len(rankings))}
				for i := range f.first {
					f.first[i] = fuseDepth
				}
				byArt[a] = f
				out = append(out, f)
			}
			if f.first[li] == fuseDepth { // an article counts once per ranking
				f.first[li] = r
				f.score += 1 / float64(rrfK+r+1)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		for l := range rankings {
			if out[i].first[l] != out[j].first[l] {
				return out[i].first[l] < out[j].first[l]
			}
		}
		return out[i].art < out[j].art
	})
	arts := make([]int, len(out))
	for i, f := range out {
		arts[i] = f.art
	}
	return arts
}

// fusedResult is res (a BM25 search for at least fuseDepth hits) with its
// article ranking replaced by arts, cut to k passages the way Search cuts
// them. Article passages take the fused order; guidance paragraphs keep
// their places; an article the vectors lifted into the top k gets a
// passage with its coverage measured as the index measures it. Its Score,
// which is BM25's, is 0 when BM25 did not rank it in the first fuseDepth.
func (ix *Index) fusedResult(res Result, arts []int, k int) Result {
	out := Result{Query: res.Query, Community: res.Community, Expansions: res.Expansions, Examples: res.Examples, Alike: res.Alike,
		Likeness: res.Likeness, Area: res.Area, Place: res.Place, Signals: res.Signals, Named: res.Named}
	if len(arts) > 0 && len(res.Articles) > 0 && arts[0] == res.Articles[0] {
		// The confidence is BM25's in its first article; when the fused
		// ranking puts another first, the two rankings disagree and the
		// answer is not sure.
		out.Confidence = res.Confidence
	}
	out.FAQ = res.FAQ[:min(len(res.FAQ), max(k, ix.opts.FAQDepth))]
	out.Articles = arts[:min(len(arts), 10)]

	have := map[int]Hit{}
	for _, h := range res.Passages {
		if h.Chunk.Kind == KindArticle {
			have[h.Chunk.Articles[0]] = h
		}
	}
	var ex *explainer
	next := 0
	nextArticle := func() (Hit, bool) {
		for next < len(arts) {
			a := arts[next]
			next++
			if h, ok := have[a]; ok {
				return h, true
			}
			if a >= len(ix.artDoc) || ix.artDoc[a] < 0 {
				continue // cited by an FAQ entry, not imported
			}
			if ex == nil {
				ex = newExplainer(ix.passages, &res, coverWords(res.Query))
			}
			h := Hit{Chunk: ix.chunks[ix.byArticle[a]], doc: ix.artDoc[a]}
			ex.explain(&h)
			return h, true
		}
		return Hit{}, false
	}
	for _, h := range res.Passages[:min(len(res.Passages), k)] {
		if h.Chunk.Kind != KindArticle {
			out.Passages = append(out.Passages, h)
			continue
		}
		if ah, ok := nextArticle(); ok {
			out.Passages = append(out.Passages, ah)
		}
	}
	for len(out.Passages) < k {
		ah, ok := nextArticle()
		if !ok {
			break
		}
		out.Passages = append(out.Passages, ah)
	}
	return out
}

// coverWords are the question's words coverage is measured on: the words
// as typed, less stop words and the question's shape. Index.Search and
// the passages the vector ranking adds both measure on them.
func coverWords(q string) []string {
	var cover []string
	seen := map[string]bool{}
	for _, t := range Tokens(q) {
		if !queryStop[t] && !askWords[t] && !seen[t] {
			seen[t] = true
			cover = append(cover, t)
		}
	}
	return cover
}

// bm25Articles is the BM25 article ranking to fuse, up to fuseDepth deep:
// the result's top articles (which include articles only cited by FAQ
// entries), then the further articles among its passages, which Search
// orders by the same scores.
func bm25Articles(res Result) []int {
	out := append(make([]int, 0, fuseDepth), res.Articles...)
	seen := map[int]bool{}
	for _, a := range out {
		seen[a] = true
	}
	for _, h := range res.Passages {
		if len(out) >= fuseDepth {
			break
		}
		if h.Chunk.Kind == KindArticle && !seen[h.Chunk.Articles[0]] {
			seen[h.Chunk.Articles[0]] = true
			out = append(out, h.Chunk.Articles[0])
		}
	}
	return out
}
