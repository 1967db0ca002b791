package volunteer

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// extractionCase is one labelled resident request.
type extractionCase struct {
	line     int
	text     string
	category Skill
	window   string
	place    string
	urgent   bool
}

func loadExtractionSet(t *testing.T) []extractionCase {
	t.Helper()
	f, err := os.Open("testdata/extraction.tsv")
	if err != nil {
		t.Fatalf("open extraction set: %v", err)
	}
	defer f.Close()
	var out []extractionCase
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 5 {
			t.Fatalf("extraction.tsv:%d: want 5 columns, got %d", n, len(cols))
		}
		out = append(out, extractionCase{line: n, text: cols[0], category: Skill(cols[1]), window: cols[2], place: cols[3], urgent: cols[4] == "1"})
	}
	return out
}

// formatWindow writes a window the way the labels do: day offsets from
// today and clock times.
func formatWindow(w Window, now time.Time) string {
	if w.IsZero() {
		return "-"
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	f := func(t time.Time) string {
		t = t.In(now.Location())
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, now.Location())
		return fmt.Sprintf("%d %s", int(d.Sub(today).Hours()/24+0.5), t.Format("15:04"))
	}
	return f(w.Start) + "-" + f(w.End)
}

var shanghai = mustLoc("Asia/Shanghai")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// TestExtractionSet measures the rules-only extractor on the labelled set
// and holds it to the targets of the issue.
func TestExtractionSet(t *testing.T) {
	cases := loadExtractionSet(t)
	if len(cases) < 150 {
		t.Fatalf("extraction set has %d requests, want at least 150", len(cases))
	}
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, shanghai)
	var cat, win, place, urg int
	for _, c := range cases {
		r := ExtractRules(c.text, now)
		gotPlace := r.Place.String()
		if gotPlace == "" {
			gotPlace = "-"
		}
		gotWin := formatWindow(r.Window, now)
		if r.Category == c.category {
			cat++
		} else {
			t.Logf("line %d category: got %s want %s: %s", c.line, r.Category, c.category, c.text)
		}
		if gotWin == c.window {
			win++
		} else {
			t.Logf("line %d window: got %s want %s: %s", c.line, gotWin, c.window, c.text)
		}
		if gotPlace == c.place {
			place++
		} else {
			t.Logf("line %d place: got %s want %s: %s", c.line, gotPlace, c.place, c.text)
		}
		if r.Urgent == c.urgent {
			urg++
		} else {
			t.Logf("line %d urgent: got %v want %v: %s", c.line, r.Urgent, c.urgent, c.text)
		}
	}
	n := float64(len(cases))
	pc := func(k int) float64 { return 100 * float64(k) / n }
	fmt.Printf("extraction (rules only, %d requests): category %.1f%%, time window %.1f%%, place %.1f%%, urgency %.1f%%\n",
		len(cases), pc(cat), pc(win), pc(place), pc(urg))
	if pc(cat) < 90 {
		t.Errorf("category accuracy %.1f%%, want at least 90%%", pc(cat))
	}
	if pc(win) < 90 {
		t.Errorf("time window accuracy %.1f%%, want at least 90%%", pc(win))
	}
	if pc(place) < 95 {
		t.Errorf("place accuracy %.1f%%, want at least 95%%", pc(place))
	}
}
