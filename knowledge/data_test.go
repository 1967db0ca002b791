package knowledge

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedData finds the public test data: a shared/data directory next to
// the repository root. Tests that need it skip when it is absent.
func sharedData(t testing.TB, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "data", name)
			if _, err := os.Stat(p); err != nil {
				t.Skipf("public test data %s not found next to the repository; skipping", name)
			}
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found; skipping")
		}
		dir = parent
	}
}

// loadCivilCode parses the full Civil Code from the shared data.
func loadCivilCode(t testing.TB) []Chunk {
	t.Helper()
	f, err := os.Open(sharedData(t, "civil_code.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunks, err := ParseJSONL("民法典", f)
	if err != nil {
		t.Fatal(err)
	}
	return chunks
}

// loadDevQuestions parses the development questions.
func loadDevQuestions(t testing.TB) []EvalRow {
	t.Helper()
	f, err := os.Open(sharedData(t, "civil_code_qa.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := ParseEvalRows(f)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
