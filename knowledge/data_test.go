package knowledge

import (
	"linli/internal/shareddata"
	"os"
	"testing"
)

// loadCivilCode parses the full Civil Code from the shared data.
func loadCivilCode(t testing.TB) []Chunk {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, "civil_code.jsonl"))
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
	f, err := os.Open(shareddata.Path(t, "civil_code_qa.jsonl"))
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

// fullIndex is the index the product builds with the full Civil Code
// imported: the Code, the built-in FAQ and lexicon, default options.
func fullIndex(t testing.TB) *Index {
	t.Helper()
	lex, chunks := fullMaterial(t)
	return NewIndex(chunks, lex, DefaultOptions())
}

// fullMaterial returns the built-in lexicon, and the full Civil Code with
// the built-in FAQ: what fullIndex indexes.
func fullMaterial(t testing.TB) (*Lexicon, []Chunk) {
	t.Helper()
	lex, faq := builtinMaterial(t)
	return lex, append(loadCivilCode(t), faq...)
}

// builtinMaterial returns the built-in lexicon and FAQ: what a fresh
// install searches before any Code is imported.
func builtinMaterial(t testing.TB) (*Lexicon, []Chunk) {
	t.Helper()
	lex, err := BuiltinLexicon()
	if err != nil {
		t.Fatal(err)
	}
	faq, err := BuiltinFAQ()
	if err != nil {
		t.Fatal(err)
	}
	return lex, faq
}
