package intent

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Place is where a message was said, as far as meaning goes.
type Place int

const (
	// Private is a private chat with the bot.
	Private Place = iota
	// Group is a group message that does not mention the bot.
	Group
	// Mention is a group message that @-mentions the bot.
	Mention
)

func (p Place) String() string {
	switch p {
	case Group:
		return "group"
	case Mention:
		return "mention"
	}
	return "private"
}

// ParsePlace reads "private", "group" or "mention".
func ParsePlace(s string) (Place, error) {
	switch strings.TrimSpace(s) {
	case "private", "私聊":
		return Private, nil
	case "group", "群":
		return Group, nil
	case "mention", "@":
		return Mention, nil
	}
	return 0, fmt.Errorf("unknown place %q (want private, group or mention)", s)
}

// None is the label of a message no intent should act on.
const None = "none"

// Row is one labelled message of an evaluation set.
type Row struct {
	Line  int
	Text  string
	Place Place
	Want  string
}

// ParseRows reads a TSV of message, place and expected intent (or none);
// blank lines and lines starting with '#' are skipped.
func ParseRows(r io.Reader) ([]Row, error) {
	var rows []Row
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: want 3 tab-separated fields, got %d", n, len(f))
		}
		p, err := ParsePlace(f[1])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		rows = append(rows, Row{Line: n, Text: f[0], Place: p, Want: strings.TrimSpace(f[2])})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	return rows, nil
}

// Half returns every other row, starting at the first (0) or the second
// (1): the tuning half and the held-back half of a development set.
func Half(rows []Row, which int) []Row {
	var out []Row
	for i, r := range rows {
		if i%2 == which {
			out = append(out, r)
		}
	}
	return out
}

// Miss is a row the resolver got wrong.
type Miss struct {
	Row
	Got string
}

// Report is the outcome of an evaluation.
type Report struct {
	Total, Right int
	// PerIntent counts right and total by expected intent.
	PerIntent map[string][2]int
	// ChatterSilent counts group rows labelled none that stayed silent,
	// out of all such rows.
	ChatterSilent, Chatter int
	Misses                 []Miss
}

// Accuracy is the share of rows decided right.
func (r Report) Accuracy() float64 { return ratio(r.Right, r.Total) }

// Eval decides every row and compares with its label. decide returns the
// intent acted on, or None when nothing acts (silence, a menu, an
// ask-back counts as its own label "ask").
func Eval(rows []Row, decide func(text string, p Place) string) Report {
	rep := Report{PerIntent: map[string][2]int{}}
	for _, row := range rows {
		got := decide(row.Text, row.Place)
		c := rep.PerIntent[row.Want]
		c[1]++
		rep.Total++
		if got == row.Want {
			c[0]++
			rep.Right++
		} else {
			rep.Misses = append(rep.Misses, Miss{Row: row, Got: got})
		}
		rep.PerIntent[row.Want] = c
		if row.Place == Group && row.Want == None {
			rep.Chatter++
			if got == None {
				rep.ChatterSilent++
			}
		}
	}
	return rep
}

// Write prints the accuracy per intent and the misses as a confusion list.
func (r Report) Write(w io.Writer, misses int) {
	fmt.Fprintf(w, "overall %.3f (%d/%d)\n", r.Accuracy(), r.Right, r.Total)
	if r.Chatter > 0 {
		fmt.Fprintf(w, "chatter silent in groups %.3f (%d/%d)\n", ratio(r.ChatterSilent, r.Chatter), r.ChatterSilent, r.Chatter)
	}
	names := make([]string, 0, len(r.PerIntent))
	for n := range r.PerIntent {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := r.PerIntent[names[i]], r.PerIntent[names[j]]
		return a[1] > b[1] || a[1] == b[1] && names[i] < names[j]
	})
	for _, n := range names {
		c := r.PerIntent[n]
		fmt.Fprintf(w, "  %-20s %.3f (%d/%d)\n", n, ratio(c[0], c[1]), c[0], c[1])
	}
	if len(r.Misses) == 0 || misses == 0 {
		return
	}
	confusion := map[string]int{}
	for _, m := range r.Misses {
		confusion[m.Want+" → "+m.Got]++
	}
	pairs := make([]string, 0, len(confusion))
	for p := range confusion {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		return confusion[pairs[i]] > confusion[pairs[j]] || confusion[pairs[i]] == confusion[pairs[j]] && pairs[i] < pairs[j]
	})
	fmt.Fprintln(w, "confusion (expected → got):")
	for _, p := range pairs {
		fmt.Fprintf(w, "  %-32s %d\n", p, confusion[p])
	}
	fmt.Fprintln(w, "misses:")
	for i, m := range r.Misses {
		if i == misses {
			fmt.Fprintf(w, "  … %d more\n", len(r.Misses)-misses)
			break
		}
		fmt.Fprintf(w, "  line %d [%s] %q: want %s, got %s\n", m.Line, m.Place, m.Text, m.Want, m.Got)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
