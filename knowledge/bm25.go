package knowledge

import (
	"math"
	"slices"
)

// posting is one document containing a term, with the term's weighted
// frequency there and its saturated, length-normalised share under the
// index's own constants, so that scoring a term is one multiply a document.
type posting struct {
	doc    int32
	tf     float32
	impact float32
}

// field is one weighted part of a document: statute text counts fully, a
// chapter title less, an FAQ answer less than its question.
type field struct {
	text   string
	weight float32
}

// bm25 is an inverted index with Okapi BM25 scoring over weighted fields
// (BM25F-style: field frequencies are weighted and summed before
// saturation; length is the body's).
type bm25 struct {
	terms  map[string]int32
	post   [][]posting
	idf    []float32
	docLen []float32
	avgLen float32
	k1, b  float32
	// topIDF is the idf of a term only one document has, used for words
	// the material does not know at all.
	topIDF float32
	// fwd lists each document's term ids, sorted, to ask whether a
	// document has a term without scanning its text.
	fwd [][]int32
}

// newBM25 indexes docs; each doc's first field is its body, whose length
// normalises the score.
func newBM25(docs [][]field, k1, b float32, grams []int) *bm25 {
	ix := &bm25{terms: map[string]int32{}, docLen: make([]float32, len(docs)), k1: k1, b: b}
	var total float64
	tf := map[int32]float32{}
	var toks []string
	for d, fields := range docs {
		clear(tf)
		for i, f := range fields {
			toks = appendTokens(toks[:0], f.text)
			if i == 0 {
				ix.docLen[d] = float32(len(toks))
				total += float64(len(toks))
			}
			for _, n := range grams {
				toks = appendGrams(toks, f.text, n)
			}
			for _, t := range toks {
				id, ok := ix.terms[t]
				if !ok {
					id = int32(len(ix.post))
					ix.terms[t] = id
					ix.post = append(ix.post, nil)
				}
				tf[id] += f.weight
			}
		}
		ids := make([]int32, 0, len(tf))
		for id, v := range tf {
			ix.post[id] = append(ix.post[id], posting{doc: int32(d), tf: v})
			ids = append(ids, id)
		}
		slices.Sort(ids)
		ix.fwd = append(ix.fwd, ids)
	}
	if len(docs) > 0 {
		ix.avgLen = float32(total / float64(len(docs)))
	}
	if ix.avgLen == 0 {
		ix.avgLen = 1
	}
	n := float64(len(docs))
	ix.idf = make([]float32, len(ix.post))
	for id, p := range ix.post {
		df := float64(len(p))
		ix.idf[id] = float32(math.Log(1 + (n-df+0.5)/(df+0.5)))
	}
	for _, p := range ix.post {
		for i := range p {
			p[i].impact = ix.saturate(p[i], k1, b)
		}
	}
	ix.topIDF = float32(math.Log(1 + (n-1+0.5)/1.5))
	if ix.topIDF <= 0 {
		ix.topIDF = 1
	}
	return ix
}

// saturate is a posting's term frequency saturated by k1 and normalised
// by its document's length through b.
func (ix *bm25) saturate(p posting, k1, b float32) float32 {
	norm := k1 * (1 - b + b*ix.docLen[p.doc]/ix.avgLen)
	return p.tf * (k1 + 1) / (p.tf + norm)
}

// score adds w·BM25(term) to scores for every document holding term, and
// returns the term's idf (0 when unknown).
func (ix *bm25) score(term string, w float32, scores []float32) float32 {
	return ix.scoreWith(term, w, ix.k1, ix.b, scores)
}

// scoreWith is score with its own saturation and length constants; under
// the index's own, each posting's saturated frequency is already known.
func (ix *bm25) scoreWith(term string, w, k1, b float32, scores []float32) float32 {
	id, ok := ix.terms[term]
	if !ok {
		return 0
	}
	idf := ix.idf[id]
	wi := w * idf
	if k1 == ix.k1 && b == ix.b {
		for _, p := range ix.post[id] {
			scores[p.doc] += wi * p.impact
		}
		return idf
	}
	for _, p := range ix.post[id] {
		scores[p.doc] += wi * ix.saturate(p, k1, b)
	}
	return idf
}

// idfOf returns the idf of a term, 0 when no document has it.
func (ix *bm25) idfOf(term string) float32 {
	if id, ok := ix.terms[term]; ok {
		return ix.idf[id]
	}
	return 0
}

// has reports whether document doc contains term.
func (ix *bm25) has(doc int32, term string) bool {
	id, ok := ix.terms[term]
	if !ok {
		return false
	}
	return ix.hasID(doc, id)
}

// hasID reports whether document doc contains the term with this id.
func (ix *bm25) hasID(doc, id int32) bool {
	_, found := slices.BinarySearch(ix.fwd[doc], id)
	return found
}
