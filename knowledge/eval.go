package knowledge

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
)

// EvalRow is one question with the articles a good answer rests on.
type EvalRow struct {
	Question string
	Articles []int
	// Source is where the question comes from, when the data says
	// ("owner/repo/path"), for figures by source.
	Source string
}

// ParseEvalRows reads JSONL rows with "question" (or "q") and "articles".
func ParseEvalRows(r io.Reader) ([]EvalRow, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []EvalRow
	line := 0
	for sc.Scan() {
		line++
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		var v struct {
			Question string `json:"question"`
			Q        string `json:"q"`
			Articles []int  `json:"articles"`
			Source   string `json:"source"`
		}
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return nil, fmt.Errorf("eval data line %d: %w", line, err)
		}
		q := first(v.Question, v.Q)
		if q == "" || len(v.Articles) == 0 {
			return nil, fmt.Errorf("eval data line %d: needs a question and articles", line)
		}
		out = append(out, EvalRow{Question: q, Articles: v.Articles, Source: v.Source})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read eval data: %w", err)
	}
	return out, nil
}

// EvalReport is how well the article ranking finds the gold articles: a
// question counts as a hit at k when any gold article is in the top k.
//
// A question is answered with an article when its confidence reaches the
// threshold (AnswerThreshold); precision is the share of those whose
// first article is a gold one, coverage the share of all questions
// answered so.
type EvalReport struct {
	N                 int
	Hit1, Hit3, Hit5  float64
	MRR10             float64
	P50, P99, Slowest time.Duration
	// Threshold is the confidence the chat answers with an article at.
	Threshold float64
	// Coverage and Precision are measured at Threshold.
	Coverage, Precision float64
	// Curve is precision against coverage as the threshold moves.
	Curve []CurvePoint
	// Below the threshold a reply names the area of law when the
	// question's own words place it (Placement): Named is the share of
	// those questions it does for, Right the share of those named whose
	// areas hold a gold article's, Two the share named with two areas.
	Named, Right, Two float64
}

// CurvePoint is coverage and precision at one confidence threshold.
type CurvePoint struct {
	Threshold, Coverage, Precision float64
}

// String prints the report the way BENCHMARKS.md quotes it.
func (r EvalReport) String() string {
	return fmt.Sprintf("questions %d  Hit@1 %.3f  Hit@3 %.3f  Hit@5 %.3f  MRR@10 %.3f  at confidence %.2f: coverage %.3f precision %.3f  below: area named %.3f right %.3f  p50 %s  p99 %s",
		r.N, r.Hit1, r.Hit3, r.Hit5, r.MRR10, r.Threshold, r.Coverage, r.Precision, r.Named, r.Right, r.P50, r.P99)
}

// curveThresholds are the confidences the precision–coverage curve is
// measured at.
var curveThresholds = []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}

// atThreshold returns coverage and precision when questions with
// confidence ≥ t are answered with their first article.
func atThreshold(conf []float64, right []bool, t float64) (coverage, precision float64) {
	var n, ok int
	for i, c := range conf {
		if c >= t {
			n++
			if right[i] {
				ok++
			}
		}
	}
	if len(conf) > 0 {
		coverage = float64(n) / float64(len(conf))
	}
	if n > 0 {
		precision = float64(ok) / float64(n)
	}
	return coverage, precision
}

// EvalSignals runs every question through a ranking and returns each
// one's signals and whether its first article is a gold one, for
// FitConfidence.
func EvalSignals(ix Ranker, rows []EvalRow) ([]Signals, []bool) {
	xs := make([]Signals, len(rows))
	right := make([]bool, len(rows))
	for i, row := range rows {
		res := ix.Search(row.Question, 3)
		xs[i] = res.Signals
		right[i] = len(res.Articles) > 0 && slices.Contains(row.Articles, res.Articles[0])
	}
	return xs, right
}

// Evaluate runs every question through a ranking (an Index, or a Base's
// Ranker for the hybrid ranking) and scores the article ranking. now is
// the clock used for latency.
func Evaluate(ix Ranker, rows []EvalRow, now func() time.Time) EvalReport {
	rep := EvalReport{N: len(rows), Threshold: AnswerThreshold}
	if len(rows) == 0 {
		return rep
	}
	lat := make([]time.Duration, 0, len(rows))
	conf := make([]float64, 0, len(rows))
	right := make([]bool, 0, len(rows))
	var below, named, areaRight, two int
	for _, row := range rows {
		start := now()
		res := ix.Search(row.Question, 3)
		lat = append(lat, now().Sub(start))
		conf = append(conf, res.Confidence)
		right = append(right, len(res.Articles) > 0 && slices.Contains(row.Articles, res.Articles[0]))
		if res.Confidence < rep.Threshold {
			below++
			if p := res.Place; p.Own && len(p.Areas) > 0 {
				named++
				if len(p.Areas) > 1 {
					two++
				}
				if slices.ContainsFunc(row.Articles, func(a int) bool { return slices.Contains(p.Areas, ix.AreaOf(a)) }) {
					areaRight++
				}
			}
		}
		for rank, a := range res.Articles {
			if rank >= 10 {
				break
			}
			if slices.Contains(row.Articles, a) {
				rep.MRR10 += 1 / float64(rank+1)
				if rank < 1 {
					rep.Hit1++
				}
				if rank < 3 {
					rep.Hit3++
				}
				if rank < 5 {
					rep.Hit5++
				}
				break
			}
		}
	}
	n := float64(len(rows))
	rep.Hit1 /= n
	rep.Hit3 /= n
	rep.Hit5 /= n
	rep.MRR10 /= n
	rep.Coverage, rep.Precision = atThreshold(conf, right, rep.Threshold)
	if below > 0 {
		rep.Named = float64(named) / float64(below)
	}
	if named > 0 {
		rep.Right, rep.Two = float64(areaRight)/float64(named), float64(two)/float64(named)
	}
	for _, t := range curveThresholds {
		c, p := atThreshold(conf, right, t)
		rep.Curve = append(rep.Curve, CurvePoint{Threshold: t, Coverage: c, Precision: p})
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	rep.P50 = lat[len(lat)/2]
	rep.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
	rep.Slowest = lat[len(lat)-1]
	return rep
}

// PrintCalibration writes coverage and precision at the chat threshold and
// the precision–coverage curve, for `linli eval legal`.
func (r EvalReport) PrintCalibration(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "at the chat threshold (confidence ≥ %.2f): coverage %.3f  precision %.3f\n", r.Threshold, r.Coverage, r.Precision)
	fmt.Fprintf(&b, "below it, no article: area of law named for %.3f, right for %.3f of those named (two areas named for %.3f)\n", r.Named, r.Right, r.Two)
	b.WriteString("precision–coverage curve (answer with an article when confidence ≥ t):\n")
	for _, p := range r.Curve {
		fmt.Fprintf(&b, "  t %.2f  coverage %.3f  precision %.3f\n", p.Threshold, p.Coverage, p.Precision)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Latency is how long a ranking takes per question, each question timed
// as the fastest of several passes: on a shared machine a single pass
// measures the other processes as much as the search, and the fastest
// pass is what the search itself costs.
type Latency struct {
	Passes            int
	P50, P99, Slowest time.Duration
}

// MeasureLatency times every question passes times (at least once) and
// reports the percentiles of each question's fastest pass.
func MeasureLatency(ix Ranker, rows []EvalRow, now func() time.Time, passes int) Latency {
	passes = max(passes, 1)
	best := make([]time.Duration, len(rows))
	for p := 0; p < passes; p++ {
		for i, row := range rows {
			start := now()
			ix.Search(row.Question, 3)
			if d := now().Sub(start); p == 0 || d < best[i] {
				best[i] = d
			}
		}
	}
	l := Latency{Passes: passes}
	if len(best) == 0 {
		return l
	}
	sort.Slice(best, func(i, j int) bool { return best[i] < best[j] })
	l.P50, l.P99, l.Slowest = best[len(best)/2], best[min(len(best)-1, len(best)*99/100)], best[len(best)-1]
	return l
}
