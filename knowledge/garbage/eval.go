package garbage

import (
	"fmt"
	"io"
	"strings"
)

// EvalRow is one labelled question: what a resident asks and the category
// that is right. Accept lists further categories counted as right where
// the sources disagree.
type EvalRow struct {
	Query  string
	Want   Category
	Accept []Category
}

// ok reports whether got is an accepted answer for the row.
func (r EvalRow) ok(got Category) bool {
	if got == r.Want {
		return true
	}
	for _, c := range r.Accept {
		if got == c {
			return true
		}
	}
	return false
}

// Miss is one wrongly answered question.
type Miss struct {
	Query string
	Want  Category
	Got   Category
	// Item and How say what the answer rested on.
	Item       string
	How        string
	Confidence float64
}

// Report is the result of an evaluation: what `linli eval garbage` prints.
type Report struct {
	Total   int
	Correct int
	// Unsure counts answers below SureConfidence (right or wrong).
	Unsure int
	// ByHow counts answers (right, total) by how they were matched.
	ByHow  map[string][2]int
	Misses []Miss
}

// Accuracy is the share of questions answered with the right category.
func (r Report) Accuracy() float64 {
	if r.Total == 0 {
		return 0
	}
	return float64(r.Correct) / float64(r.Total)
}

// Evaluate classifies every row under the national standard and counts
// the right answers. An "I am not sure" answer still counts by the
// category it names: residents read it.
func Evaluate(c *Classifier, rows []EvalRow) Report {
	rep := Report{ByHow: map[string][2]int{}}
	for _, row := range rows {
		a := c.Classify(row.Query)
		rep.Total++
		bh := rep.ByHow[a.How]
		bh[1]++
		if !a.Sure() {
			rep.Unsure++
		}
		if row.ok(a.Category) {
			rep.Correct++
			bh[0]++
		} else {
			rep.Misses = append(rep.Misses, Miss{Query: row.Query, Want: row.Want, Got: a.Category, Item: a.Item, How: a.How, Confidence: a.Confidence})
		}
		rep.ByHow[a.How] = bh
	}
	return rep
}

// Print writes the report for a coordinator or a benchmark log: the
// accuracy, the breakdown by match kind, and up to maxMisses misses.
func (r Report) Print(w io.Writer, maxMisses int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "garbage: %d/%d correct, accuracy %.3f, unsure %d\n", r.Correct, r.Total, r.Accuracy(), r.Unsure)
	for _, how := range []string{HowExact, HowContained, HowSimilar, HowHead, HowNone} {
		if v, ok := r.ByHow[how]; ok {
			name := how
			if name == "" {
				name = "none"
			}
			fmt.Fprintf(&b, "  %-9s %d/%d\n", name, v[0], v[1])
		}
	}
	if len(r.Misses) > 0 {
		fmt.Fprintf(&b, "misses (%d):\n", len(r.Misses))
	}
	for i, m := range r.Misses {
		if i == maxMisses {
			fmt.Fprintf(&b, "  … %d more\n", len(r.Misses)-maxMisses)
			break
		}
		got := string(m.Got)
		if got == "" {
			got = "不知道"
		}
		fmt.Fprintf(&b, "  %s\twant %s\tgot %s\t(%s %s %.2f)\n", m.Query, m.Want, got, m.How, m.Item, m.Confidence)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ParseEvalTSV reads `query<TAB>category[<TAB>…]` rows, the format of
// `linli eval garbage --data`: one question, one right answer. A header
// line, blank lines and `#` comments are skipped; further columns (a city,
// a source) are ignored.
func ParseEvalTSV(r io.Reader) ([]EvalRow, error) {
	var rows []EvalRow
	err := eachTSVRow(r, func(line int, f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("eval data line %d: want query<TAB>category", line)
		}
		cat, ok := ParseCategory(f[1])
		if !ok {
			if len(rows) == 0 && isHeader(strings.TrimSpace(f[0]), strings.TrimSpace(f[1])) {
				return nil
			}
			return fmt.Errorf("eval data line %d: unknown category %q", line, f[1])
		}
		rows = append(rows, EvalRow{Query: strings.TrimSpace(f[0]), Want: cat})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read eval data: %w", err)
	}
	return rows, nil
}
