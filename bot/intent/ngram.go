package intent

import (
	"math"
	"sort"
)

// ngrams is a nearest-phrasing matcher over character unigrams and bigrams,
// weighted by how rare each is among the declared phrasings. It is trained
// at start-up from the declarations (a few hundred phrasings, well under a
// millisecond) and catches the slips and word orders no cue foresaw.
type ngrams struct {
	ids      map[string]int32
	idf      []float64
	postings [][]posting
	norms    []float64
	decls    []int
}

type phrase struct {
	text string
	decl int
}

type posting struct {
	phrase int32
	w      float64
}

type similarity struct {
	decl int
	sim  float64
}

// grams lists the distinct unigrams and bigrams of s, spaces dropped.
func grams(s string) []string {
	rs := make([]rune, 0, len(s))
	for _, r := range s {
		if r != ' ' {
			rs = append(rs, r)
		}
	}
	seen := make(map[string]bool, 2*len(rs))
	out := make([]string, 0, 2*len(rs))
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	for i := range rs {
		add(string(rs[i]))
		if i+1 < len(rs) {
			add(string(rs[i : i+2]))
		}
	}
	return out
}

func train(phrases []phrase) *ngrams {
	n := &ngrams{ids: map[string]int32{}}
	df := map[string]int{}
	all := make([][]string, len(phrases))
	for i, p := range phrases {
		all[i] = grams(p.text)
		for _, g := range all[i] {
			df[g]++
		}
	}
	for g, c := range df {
		n.ids[g] = int32(len(n.idf))
		n.idf = append(n.idf, math.Log(1+float64(len(phrases))/float64(c)))
	}
	n.postings = make([][]posting, len(n.idf))
	for i, p := range phrases {
		norm := 0.0
		for _, g := range all[i] {
			id := n.ids[g]
			w := n.idf[id]
			if len([]rune(g)) == 2 {
				w *= 1.5
			}
			norm += w * w
			n.postings[id] = append(n.postings[id], posting{phrase: int32(i), w: w})
		}
		n.norms = append(n.norms, math.Sqrt(norm))
		n.decls = append(n.decls, p.decl)
	}
	return n
}

// similar returns, per declaration, the cosine similarity of s to its
// nearest phrasing, best first; declarations with nothing in common are
// left out.
func (n *ngrams) similar(s string) []similarity {
	if len(n.norms) == 0 || s == "" {
		return nil
	}
	dots := make([]float64, len(n.norms))
	qnorm := 0.0
	for _, g := range grams(s) {
		id, ok := n.ids[g]
		if !ok {
			// An unseen gram still makes the message longer, so less alike.
			w := math.Log(1 + float64(len(n.norms)))
			if len([]rune(g)) == 2 {
				w *= 1.5
			}
			qnorm += w * w
			continue
		}
		w := n.idf[id]
		if len([]rune(g)) == 2 {
			w *= 1.5
		}
		qnorm += w * w
		for _, p := range n.postings[id] {
			dots[p.phrase] += w * p.w
		}
	}
	qnorm = math.Sqrt(qnorm)
	best := map[int]float64{}
	for i, d := range dots {
		if d == 0 {
			continue
		}
		sim := d / (qnorm * n.norms[i])
		if sim > best[n.decls[i]] {
			best[n.decls[i]] = sim
		}
	}
	out := make([]similarity, 0, len(best))
	for d, s := range best {
		out = append(out, similarity{decl: d, sim: s})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].sim > out[j].sim || out[i].sim == out[j].sim && out[i].decl < out[j].decl
	})
	return out
}
