package garbage

import (
	"math"
	"sort"
)

// neighbour is a known name near the query, with how near it is.
type neighbour struct {
	id    int32
	score float64
}

// tuning holds the weights of the spelling-based guesses. The defaults
// were chosen on leave-out runs with seeds other than the one reported (see
// leaveout_test.go); tests may vary them.
type tuning struct {
	k         int     // neighbours that vote
	bigram    float64 // weight of the bigram Dice coefficient
	char      float64 // weight of the character Dice coefficient
	suffix1   float64 // weight of a shared last character
	suffix2   float64 // extra weight of a shared second-to-last character
	power     float64 // exponent of a neighbour's score in its vote
	headCover float64 // least share of the query a known ending must cover to be taken outright
	headRunes int     // …or the least length it must have
	floor     float64 // least confidence of any answer; below it, "I don't know"
	minEnding float64 // known names a last character must end for the spelling model to answer
	weakVote  float64 // below this vote confidence, the spelling model answers
	// bayesW weighs the spelling model's features (see features) and alpha
	// smooths its counts.
	bayesW [5]float64
	alpha  float64
}

func defaultTuning() tuning {
	return tuning{k: 7, bigram: 1.0, char: 0.5, suffix1: 0.5, suffix2: 0.3, power: 4,
		headCover: 0.5, headRunes: 3, floor: 0.25, minEnding: 3, weakVote: 0.4,
		bayesW: [5]float64{3, 3, 2, 1, 1}, alpha: 0.1}
}

// neighbours ranks known names by spelling: shared character bigrams,
// shared characters, and above all a shared ending, which in a Chinese
// compound is the head noun ("吸顶灯" is a kind of 灯).
func (c *Classifier) neighbours(r []rune) []neighbour {
	tu := c.tune
	type acc struct{ b, u int }
	found := map[int32]*acc{}
	qc := map[rune]bool{}
	for _, ch := range r {
		if qc[ch] {
			continue
		}
		qc[ch] = true
		for _, id := range c.chars[ch] {
			a := found[id]
			if a == nil {
				a = &acc{}
				found[id] = a
			}
			a.u++
		}
	}
	qb := map[string]bool{}
	for _, g := range bigramsOf(r) {
		if len(r) < 2 || qb[g] {
			continue
		}
		qb[g] = true
		for _, id := range c.bigrams[g] {
			if a := found[id]; a != nil {
				a.b++
			}
		}
	}
	out := make([]neighbour, 0, len(found))
	for id, a := range found {
		n := c.runes[id]
		nb := len(n) - 1
		if nb < 1 {
			nb = 1
		}
		score := tu.char * 2 * float64(a.u) / float64(len(qc)+len(n))
		if len(qb) > 0 {
			score += tu.bigram * 2 * float64(a.b) / float64(len(qb)+nb)
		}
		s := commonSuffix(r, n)
		if s >= 1 {
			score += tu.suffix1
		}
		if s >= 2 {
			score += tu.suffix2
		}
		out = append(out, neighbour{id: id, score: score})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].id < out[j].id
	})
	return out
}

func commonSuffix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

// vote lets the nearest known names vote for a category, weighted by how
// near they are. The confidence is the winning share scaled by how near
// the nearest name is (a perfect score is 1+0.5+0.8).
func (c *Classifier) vote(nb []neighbour, city string) guess {
	if len(nb) == 0 {
		return guess{}
	}
	tu := c.tune
	k := tu.k
	if len(nb) < k {
		k = len(nb)
	}
	var w [5]float64
	total := 0.0
	for _, n := range nb[:k] {
		it, _ := c.entry(c.names[n.id], city)
		x := math.Pow(n.score, tu.power)
		w[categoryIndex(it.Category)] += x
		total += x
	}
	if total == 0 {
		return guess{}
	}
	near := nb[0].score / (tu.bigram + tu.char + tu.suffix1 + tu.suffix2)
	if near > 1 {
		near = 1
	}
	for i := range w {
		w[i] /= total
	}
	best := 1
	for i := 2; i < len(w); i++ {
		if w[i] > w[best] {
			best = i
		}
	}
	share := w[best]
	cat := Categories()[best-1]
	// The answer rests on the nearest name of the winning category.
	var item Item
	for _, n := range nb[:k] {
		if it, _ := c.entry(c.names[n.id], city); it.Category == cat {
			item = it
			break
		}
	}
	return guess{item: item, conf: share * (0.3 + 0.6*near), how: HowSimilar}
}
