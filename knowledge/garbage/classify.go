package garbage

import (
	"sort"
	"strings"
)

// Classify answers a question under the national standard. See ClassifyIn.
func (c *Classifier) Classify(query string) Answer { return c.ClassifyIn(query, "") }

// ClassifyIn answers a question ("喝完的奶茶杯怎么扔") for a community in city,
// where items recorded for that city override the national list. It tries,
// in order of certainty: the exact item, the longest known item inside the
// question (preferring one at the end, where the head noun of a Chinese
// compound sits), a similarly spelled item, and the head noun or material.
func (c *Classifier) ClassifyIn(query, city string) Answer {
	city = normalizeCity(city)
	q := Normalize(query)
	a := Answer{Query: query, Normalized: q}
	r := []rune(q)
	if len(r) == 0 || len(r) > maxQueryRunes {
		return a
	}
	sims := c.similar(r, 4)
	defer func() { a.Similar = similarNames(sims, a.Item, 3) }()

	for i, v := range variants(q) {
		if it, ok := c.entry(v, city); ok {
			a.set(it, 1-0.05*float64(i), HowExact)
			return a
		}
	}

	if n := len(r); n > 2 && r[n-1] == '子' {
		r = r[:n-1] // 杯子, 瓶子, 袋子: the 子 adds nothing to the head noun
	}
	// A known ending that covers most of the question is its head noun
	// ("塑料瓶盖" is a 瓶盖): take it. Otherwise let similar names vote; a
	// known word elsewhere in the question ("老鼠药") is only a modifier.
	best := c.contained(r, city)
	if !(best.suffix && best.cover >= c.tune.headCover) {
		v := c.vote(r, c.neighbours(r), city)
		if c.tune.mode == 1 || c.tune.mode == 2 && v.conf < c.tune.weakVote {
			cat, p := c.bayes.classify(r)
			if cat != Unknown {
				v = guess{item: Item{Category: cat}, conf: p * 0.6, how: HowHead}
			}
		}
		if v.how != HowNone {
			best = v
		}
	}
	if best.how != HowNone {
		a.set(best.item, best.conf, best.how)
	}
	return a
}

func (a *Answer) set(it Item, conf float64, how string) {
	a.Item, a.Category, a.Note, a.Confidence, a.How = it.Name, it.Category, it.Note, conf, how
	if how == HowHead {
		a.Item, a.Note = "", ""
	}
}

// guess is one candidate answer while classifying.
type guess struct {
	item Item
	conf float64
	how  string
	// suffix and cover describe a contained match: whether it ends the
	// query, and the share of the query it covers.
	suffix bool
	cover  float64
}

// contained finds the best known item inside the query. An item at the end
// of the query is its head ("塑料瓶盖" is a 瓶盖), so it beats a longer one
// elsewhere; confidence grows with the share of the query it covers.
func (c *Classifier) contained(r []rune, city string) guess {
	var best guess
	bestScore := 0.0
	for i := 0; i < len(r); i++ {
		for j := i + 2; j <= len(r) && j-i <= c.maxLen; j++ {
			if i == 0 && j == len(r) {
				continue // the whole query: exact match, handled before
			}
			it, ok := c.entry(string(r[i:j]), city)
			if !ok {
				continue
			}
			n := j - i
			cov := float64(n) / float64(len(r))
			score, conf := float64(n), 0.35+0.4*cov
			if j == len(r) {
				score += 1.5
				conf = 0.5 + 0.45*cov
			}
			if score > bestScore {
				bestScore = score
				best = guess{item: it, conf: conf, how: HowContained, suffix: j == len(r), cover: cov}
			}
		}
	}
	return best
}

// head guesses from the last one or two characters, using how the known
// items that end the same way are sorted ("…皮", "…瓶", "…药").
func (c *Classifier) head(r []rune) guess {
	for n := 2; n >= 1; n-- {
		if n > len(r) {
			continue
		}
		hc := c.heads[string(r[len(r)-n:])]
		if hc == nil {
			continue
		}
		total := 0
		for _, v := range hc.n {
			total += v
		}
		if total < 3 || hc.frac < 0.6 {
			continue
		}
		// More agreeing items and a longer head mean a surer guess.
		conf := hc.frac * (0.55 + 0.05*float64(n)) * (1 - 1/float64(total+1))
		return guess{item: Item{Category: hc.best}, conf: conf, how: HowHead}
	}
	return guess{}
}

type simHit struct {
	name  string
	score float64
}

// similar ranks known names by the Dice coefficient of their character
// bigrams with the query, best first.
func (c *Classifier) similar(r []rune, k int) []simHit {
	qb := bigramsOf(r)
	if len(qb) == 0 {
		return nil
	}
	counts := map[int32]int{}
	seen := map[string]bool{}
	for _, g := range qb {
		if seen[g] {
			continue
		}
		seen[g] = true
		for _, id := range c.bigrams[g] {
			counts[id]++
		}
	}
	hits := make([]simHit, 0, len(counts))
	for id, n := range counts {
		name := c.names[id]
		nb := len([]rune(name)) - 1
		if nb < 1 {
			nb = 1
		}
		dice := 2 * float64(n) / float64(len(seen)+nb)
		if dice > 1 {
			dice = 1
		}
		// A shared ending counts extra: it is the head noun.
		if strings.HasSuffix(name, string(r[len(r)-1:])) {
			dice = 0.8*dice + 0.2
		} else {
			dice *= 0.8
		}
		hits = append(hits, simHit{name: name, score: dice})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].name < hits[j].name
	})
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits
}

func similarNames(hits []simHit, except string, k int) []string {
	var out []string
	for _, h := range hits {
		if h.name == except || h.score < 0.3 {
			continue
		}
		out = append(out, h.name)
		if len(out) == k {
			break
		}
	}
	return out
}
