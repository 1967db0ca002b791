package garbage

import (
	"os"
	"testing"
)

// TestResidentPhrasings checks the everyday questions residents ask, with
// the built-in list only: what a fresh install answers.
func TestResidentPhrasings(t *testing.T) {
	f, err := os.Open("testdata/phrasings.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := ParseEvalTSV(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 150 {
		t.Fatalf("only %d phrasings, want at least 150", len(rows))
	}
	rep := Evaluate(New(Builtin()), rows)
	var b testWriter
	rep.Print(&b, 50)
	t.Logf("resident phrasings, built-in list only:\n%s", b)
	if rep.Accuracy() < 0.95 {
		t.Errorf("accuracy %.3f, want at least 0.95", rep.Accuracy())
	}
}
