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
		}
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return nil, fmt.Errorf("eval data line %d: %w", line, err)
		}
		q := first(v.Question, v.Q)
		if q == "" || len(v.Articles) == 0 {
			return nil, fmt.Errorf("eval data line %d: needs a question and articles", line)
		}
		out = append(out, EvalRow{Question: q, Articles: v.Articles})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read eval data: %w", err)
	}
	return out, nil
}

// EvalReport is how well the article ranking finds the gold articles: a
// question counts as a hit at k when any gold article is in the top k.
type EvalReport struct {
	N                 int
	Hit1, Hit3, Hit5  float64
	MRR10             float64
	P50, P99, Slowest time.Duration
}

// String prints the report the way BENCHMARKS.md quotes it.
func (r EvalReport) String() string {
	return fmt.Sprintf("questions %d  Hit@1 %.3f  Hit@3 %.3f  Hit@5 %.3f  MRR@10 %.3f  p50 %s  p99 %s",
		r.N, r.Hit1, r.Hit3, r.Hit5, r.MRR10, r.P50, r.P99)
}

// Evaluate runs every question through a ranking (an Index, or a Base's
// Ranker for the hybrid ranking) and scores the article ranking. now is
// the clock used for latency.
func Evaluate(ix Ranker, rows []EvalRow, now func() time.Time) EvalReport {
	rep := EvalReport{N: len(rows)}
	if len(rows) == 0 {
		return rep
	}
	lat := make([]time.Duration, 0, len(rows))
	for _, row := range rows {
		start := now()
		res := ix.Search(row.Question, 3)
		lat = append(lat, now().Sub(start))
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
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	rep.P50 = lat[len(lat)/2]
	rep.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
	rep.Slowest = lat[len(lat)-1]
	return rep
}
