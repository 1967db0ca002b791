package knowledge

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// loadLayQuestions reads one of the project's own files of lay questions
// in testdata.
func loadLayQuestions(t testing.TB, name string) []Example {
	t.Helper()
	return loadLayFile(t, filepath.Join("testdata", name))
}

// loadLayFile reads lay questions, a question and its articles a line
// (the examples' format).
func loadLayFile(t testing.TB, path string) []Example {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	exs, err := ParseExamples(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return exs
}

// layScore is the share of questions with an answering article first and
// among the first three, and at the chat threshold the share answered
// with an article and the share of those answered right.
type layScore struct {
	hit1, hit3, coverage, precision float64
	misses                          []string
}

func scoreLay(ix *Index, qs []Example) layScore {
	var s layScore
	var h1, h3, answered, right int
	for _, q := range qs {
		res := ix.Search(q.Question, 3)
		top := res.Articles[:min(3, len(res.Articles))]
		first := len(top) > 0 && slices.Contains(q.Articles, top[0])
		if first {
			h1++
		}
		if slices.ContainsFunc(top, func(a int) bool { return slices.Contains(q.Articles, a) }) {
			h3++
		}
		if res.Confidence >= AnswerThreshold {
			answered++
			if first {
				right++
			}
		}
		if !first {
			s.misses = append(s.misses, q.Question+" → "+fmtInts(top)+" want "+fmtInts(q.Articles))
		}
	}
	n := float64(max(len(qs), 1))
	s.hit1, s.hit3, s.coverage = float64(h1)/n, float64(h3)/n, float64(answered)/n
	if answered > 0 {
		s.precision = float64(right) / float64(answered)
	}
	return s
}

func fmtInts(v []int) string {
	s := make([]string, len(v))
	for i, a := range v {
		s[i] = strconv.Itoa(a)
	}
	return "[" + strings.Join(s, " ") + "]"
}

// TestLayQuestions asks the project's own lay questions, the way
// residents type them, with the full Civil Code imported. The lexicon may
// be tuned on the built-in examples; the blind file was written after and
// only measures. An example would find itself, so the examples are asked
// in five folds, each of an index whose examples are the other four. The
// floors hold the measured level (BENCHMARKS.md).
func TestLayQuestions(t *testing.T) {
	lex, chunks := fullMaterial(t)
	exs := lex.Examples()
	var own []Example
	var ownScore layScore
	const folds = 5
	for f := range folds {
		var rest []Example
		var asked []Example
		for i, ex := range exs {
			if i%folds == f {
				asked = append(asked, ex)
			} else {
				rest = append(rest, ex)
			}
		}
		s := scoreLay(NewIndex(chunks, lex.WithExamples(rest), DefaultOptions()), asked)
		ownScore = addScores(ownScore, len(own), s, len(asked))
		own = append(own, asked...)
	}
	blind := loadLayQuestions(t, "lay_questions_blind.tsv")
	blindIx := NewIndex(chunks, lex, DefaultOptions())
	blindScore := scoreLay(blindIx, blind)

	for _, f := range []struct {
		name       string
		n          int
		s          layScore
		hit1, hit3 float64 // floors
		tuned      bool    // misses may be shown
	}{
		// The batches from the fifteenth on are on topics, or in shapes,
		// few other examples share, so in a fold they borrow little: the
		// file scores lower than the 624 before them, which hold 0.70.
		{"builtin/examples.tsv, in folds", len(own), ownScore, 0.54, 0.69, true},
		{"lay_questions_blind.tsv", len(blind), blindScore, 0.60, 0.77, false},
	} {
		t.Logf("%s (%d): Hit@1 %.3f Hit@3 %.3f, at the threshold coverage %.3f precision %.3f",
			f.name, f.n, f.s.hit1, f.s.hit3, f.s.coverage, f.s.precision)
		// The misses of the tuning file only: a blind file's misses
		// read while tuning would make it another tuning file.
		if f.tuned && testing.Verbose() && os.Getenv("LINLI_LAY_MISSES") != "" {
			for _, m := range f.s.misses {
				t.Logf("  %s", m)
			}
		}
		if f.s.hit1 < f.hit1 || f.s.hit3 < f.hit3 {
			t.Errorf("%s: Hit@1 %.3f Hit@3 %.3f, want at least %.2f and %.2f", f.name, f.s.hit1, f.s.hit3, f.hit1, f.hit3)
		}
	}
	// Below the threshold the reply names an area of law. Before the
	// runner-up area was named for split evidence, the areas named were
	// right for 125 of the 169 blind questions named (0.740); after, for
	// 144 (0.852).
	rows := make([]EvalRow, len(blind))
	for i, q := range blind {
		rows[i] = EvalRow{Question: q.Question, Articles: q.Articles}
	}
	rep := Evaluate(blindIx, rows, time.Now)
	t.Logf("lay_questions_blind.tsv below the threshold: area named for %.3f, right for %.3f of those named (two areas for %.3f)", rep.Named, rep.Right, rep.Two)
	if rep.Right < 0.82 {
		t.Errorf("lay_questions_blind.tsv below the threshold: areas named right for %.3f, want at least 0.82", rep.Right)
	}
}

// addScores pools the scores of two sets of n and m questions.
func addScores(a layScore, n int, b layScore, m int) layScore {
	total := float64(n + m)
	if total == 0 {
		return a
	}
	mix := func(x, y float64) float64 { return (x*float64(n) + y*float64(m)) / total }
	out := layScore{hit1: mix(a.hit1, b.hit1), hit3: mix(a.hit3, b.hit3), coverage: mix(a.coverage, b.coverage)}
	if out.coverage > 0 {
		// precision is of the answered: pool the right answers.
		out.precision = (a.precision*a.coverage*float64(n) + b.precision*b.coverage*float64(m)) / (out.coverage * total)
	}
	out.misses = append(slices.Clip(a.misses), b.misses...)
	return out
}

// TestLayBeforeLines scores each batch of the tuning file against the
// built-in material as it stood before the batch's lexicon lines were
// written (scripts/lay-before-lines.sh prepares the states and runs it):
// the figures of questions nobody wrote lines for.
func TestLayBeforeLines(t *testing.T) {
	states := os.Getenv("LINLI_LAY_STATES")
	if states == "" {
		t.Skip("run scripts/lay-before-lines.sh, which sets LINLI_LAY_STATES")
	}
	order, err := os.ReadFile(filepath.Join(states, "order"))
	if err != nil {
		t.Fatal(err)
	}
	code := loadCivilCode(t)
	var all layScore
	n := 0
	for _, commit := range strings.Fields(string(order)) {
		dir := filepath.Join(states, commit)
		ix := NewIndex(append(slices.Clip(code), stateFAQ(t, dir)...), stateLexicon(t, dir), DefaultOptions())
		qs := loadLayFile(t, filepath.Join(dir, "batch.tsv"))
		s := scoreLay(ix, qs)
		t.Logf("%s (%d): Hit@1 %.3f Hit@3 %.3f, at the threshold coverage %.3f precision %.3f",
			commit, len(qs), s.hit1, s.hit3, s.coverage, s.precision)
		all = addScores(all, n, s, len(qs))
		n += len(qs)
	}
	if n == 0 {
		t.Fatal("no batches")
	}
	t.Logf("all (%d): Hit@1 %.3f Hit@3 %.3f, at the threshold coverage %.3f precision %.3f",
		n, all.hit1, all.hit3, all.coverage, all.precision)
	// Floors: the measured level (BENCHMARKS.md). A change to the ranking
	// that only suits the questions lines were written for falls below.
	// The batches from the fifteenth on were written on rules few or no
	// examples cited, or in the hardest shapes, so they pull the whole
	// down (the 463 before them hold 0.490 and 0.672; the 743 before
	// the eleventh round 0.455 and 0.627).
	if all.hit1 < 0.40 || all.hit3 < 0.56 {
		t.Errorf("before their lines: Hit@1 %.3f Hit@3 %.3f, want at least 0.40 and 0.56", all.hit1, all.hit3)
	}
}

// stateLexicon reads a lexicon, its article phrasings, areas and
// examples from dir.
func stateLexicon(t *testing.T, dir string) *Lexicon {
	t.Helper()
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	lx, err := ParseLexicon(open("lexicon.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := lx.ParseArticlePhrasings(open("articles.tsv")); err != nil {
		t.Fatal(err)
	}
	as, err := ParseAreas(open("areas.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lx.SetAreas(as)
	// The examples: the lay questions written before the batch.
	exs, err := ParseExamples(open("examples.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	return lx.WithExamples(exs)
}

// stateFAQ reads the built-in FAQ as it stood, from dir.
func stateFAQ(t *testing.T, dir string) []Chunk {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "faq.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	faq, err := ParseJSONL(BuiltinSource, f)
	if err != nil {
		t.Fatal(err)
	}
	return faq
}

// TestLayBeforeLinesSaysWhenTheHistoryIsMissing: in a copy of the project
// without its git history (an export, a shallow clone), the script says
// it is skipping and exits 0 instead of failing on a missing commit.
func TestLayBeforeLinesSaysWhenTheHistoryIsMissing(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git on this machine")
	}
	root := t.TempDir()
	for _, f := range []string{"scripts/lay-before-lines.sh", "knowledge/testdata/lay_batches.tsv"} {
		b, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, f), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("git", "init", "-q", root).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	out, err := exec.Command("bash", filepath.Join(root, "scripts/lay-before-lines.sh")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "git history is not here") {
		t.Errorf("without the history: %v\n%s", err, out)
	}
}
