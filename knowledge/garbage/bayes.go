package garbage

import "math"

// bayes is a naive Bayes model over the spelling of known names: their
// ending (the head noun), characters and character bigrams. It answers
// for names no neighbour explains well.
type bayes struct {
	prior [5]float64
	// counts of a feature by category index, and per-category totals.
	feat  map[string]*[5]float64
	total [5]float64
	vocab float64
	// w weighs the features: last one, two and three characters, single
	// characters, bigrams; alpha smooths unseen counts.
	w     [5]float64
	alpha float64
}

func features(r []rune, w [5]float64, f func(key string, w float64)) {
	n := len(r)
	if n == 0 {
		return
	}
	f("S1"+string(r[n-1:]), w[0])
	if n >= 2 {
		f("S2"+string(r[n-2:]), w[1])
	}
	if n >= 3 {
		f("S3"+string(r[n-3:]), w[2])
	}
	for i := 0; i < n; i++ {
		f("U"+string(r[i]), w[3])
		if i+1 < n {
			f("B"+string(r[i:i+2]), w[4])
		}
	}
}

func newBayes(names [][]rune, cats []Category, w [5]float64, alpha float64) *bayes {
	b := &bayes{feat: map[string]*[5]float64{}, w: w, alpha: alpha}
	for i, r := range names {
		ci := categoryIndex(cats[i])
		b.prior[ci]++
		features(r, b.w, func(k string, _ float64) {
			v := b.feat[k]
			if v == nil {
				v = &[5]float64{}
				b.feat[k] = v
			}
			v[ci]++
			b.total[ci]++
		})
	}
	b.vocab = float64(len(b.feat))
	return b
}

// classify returns the most likely category and its posterior; Unknown
// when the query's last character ends fewer than minEnding known names,
// as the ending is what the model mostly rests on.
func (b *bayes) classify(r []rune, minEnding float64) (Category, float64) {
	if len(r) == 0 {
		return Unknown, 0
	}
	ending := 0.0
	if v := b.feat["S1"+string(r[len(r)-1:])]; v != nil {
		for _, n := range v {
			ending += n
		}
	}
	if ending < minEnding {
		return Unknown, 0
	}
	p := b.posterior(r)
	best := 1
	for i := 2; i < 5; i++ {
		if p[i] > p[best] {
			best = i
		}
	}
	if p[best] == 0 {
		return Unknown, 0
	}
	return Categories()[best-1], p[best]
}

// posterior returns the probability of each category (by categoryIndex).
func (b *bayes) posterior(r []rune) [5]float64 {
	var out [5]float64
	var logp [5]float64
	n := 0.0
	for i := 1; i < 5; i++ {
		n += b.prior[i]
	}
	if n == 0 {
		return out
	}
	for i := 1; i < 5; i++ {
		logp[i] = math.Log((b.prior[i] + 1) / (n + 4))
	}
	features(r, b.w, func(k string, w float64) {
		v := b.feat[k]
		if v == nil {
			return
		}
		for i := 1; i < 5; i++ {
			logp[i] += w * math.Log((v[i]+b.alpha)/(b.total[i]+b.alpha*b.vocab))
		}
	})
	best := 1
	for i := 2; i < 5; i++ {
		if logp[i] > logp[best] {
			best = i
		}
	}
	sum := 0.0
	for i := 1; i < 5; i++ {
		out[i] = math.Exp(logp[i] - logp[best])
		sum += out[i]
	}
	for i := 1; i < 5; i++ {
		out[i] /= sum
	}
	return out
}
