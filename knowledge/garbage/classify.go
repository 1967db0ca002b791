package garbage

// Classify answers a question under the national standard. See ClassifyIn.
func (c *Classifier) Classify(query string) Answer { return c.ClassifyIn(query, "") }

// ClassifyIn answers a question ("喝完的奶茶杯怎么扔") for a community in city,
// where items recorded for that city override the national list. It tries,
// in order of certainty: the exact item; a known item ending the question
// and covering most of it (its head noun: "塑料瓶盖" is a 瓶盖); a vote of
// the similarly spelled known items; and, when they disagree or are far,
// a model of how endings, characters and materials sort (…药, …皮, 塑料…).
func (c *Classifier) ClassifyIn(query, city string) Answer {
	city = normalizeCity(city)
	q := Normalize(query)
	a := Answer{Query: query, Normalized: q}
	r := []rune(q)
	if len(r) == 0 || len(r) > maxQueryRunes {
		return a
	}
	for i, v := range variants(q) {
		if it, ok := c.entry(v, city); ok {
			a.set(it, 1-0.05*float64(i), HowExact)
			return a
		}
	}
	if n := len(r); n > 2 && r[n-1] == '子' {
		r = r[:n-1] // 杯子, 瓶子, 袋子: the 子 adds nothing to the head noun
	}
	nb := c.neighbours(r)

	// A known word elsewhere in the question ("老鼠药") is only a modifier,
	// so a contained item is taken outright only as the head.
	best := c.contained(r, city)
	if !(best.suffix && (best.cover >= c.tune.headCover || len([]rune(best.item.Name)) >= c.tune.headRunes)) {
		v := c.vote(nb, city)
		if v.conf < c.tune.weakVote {
			if cat, p := c.bayes.classify(r, c.tune.minEnding); cat != Unknown {
				v = guess{item: Item{Category: cat}, conf: p * SureConfidence * 0.99, how: HowHead}
			}
		}
		if v.how != HowNone {
			best = v
		}
	}
	// Below the floor a guess is noise ("明天天气怎么样" shares a character
	// or two with some item): say "I don't know" instead.
	if best.how != HowNone && best.conf >= c.tune.floor {
		a.set(best.item, best.conf, best.how)
	}
	a.Similar = c.similarNames(nb, a.Item, 3)
	return a
}

func (a *Answer) set(it Item, conf float64, how string) {
	a.Item, a.Category, a.Note, a.Confidence, a.How = it.Name, it.Category, it.Note, conf, how
	if how != HowExact && how != HowContained {
		// The note explains the item, not the question's thing.
		a.Note = ""
	}
	if how == HowHead {
		a.Item = ""
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

// similarNames names up to k near known items other than except, for "did
// you mean" in an unsure reply.
func (c *Classifier) similarNames(nb []neighbour, except string, k int) []string {
	var out []string
	min := 0.5 * (c.tune.bigram + c.tune.char + c.tune.suffix1 + c.tune.suffix2) / 2
	for _, n := range nb {
		if n.score < min || len(out) == k {
			break
		}
		if it, _ := c.entry(c.names[n.id], ""); it.Name != except {
			out = append(out, it.Name)
		}
	}
	return out
}
