package knowledge

import (
	"testing"
	"time"
)

// TestLegalTargets measures the article ranking on the public development
// questions with the full Civil Code imported, holds it to the measured
// level (a regression floor) and reports the gap to the targets.
// Latency is reported, not asserted (see BenchmarkSearch).
func TestLegalTargets(t *testing.T) {
	code := loadCivilCode(t)
	rows := loadDevQuestions(t)
	lex, err := BuiltinLexicon()
	if err != nil {
		t.Fatal(err)
	}
	faq, err := BuiltinFAQ()
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(append(code, faq...), lex, DefaultOptions())
	rep := Evaluate(ix, rows, time.Now)
	t.Log(rep)
	// The two halves by row (even, odd): weights were tuned on the even
	// half only, so the odd half is the honest estimate.
	var even, odd []EvalRow
	for i, r := range rows {
		if i%2 == 0 {
			even = append(even, r)
		} else {
			odd = append(odd, r)
		}
	}
	t.Logf("even half: %v", Evaluate(ix, even, time.Now))
	t.Logf("odd half:  %v", Evaluate(ix, odd, time.Now))
	// The targets are Hit@3 ≥ 0.65 and MRR@10 ≥ 0.55; rules alone
	// reach Hit@3 0.651 and MRR@10 0.570 (BENCHMARKS.md).
	const wantHit3, wantMRR = 0.65, 0.55
	t.Logf("margin over target: Hit@3 %+.3f (target %.2f), MRR@10 %+.3f (target %.2f)",
		rep.Hit3-wantHit3, wantHit3, rep.MRR10-wantMRR, wantMRR)
	if rep.Hit3 < wantHit3 {
		t.Errorf("below target: Hit@3 %.3f, want ≥ %.2f (was 0.651)", rep.Hit3, wantHit3)
	}
	if rep.MRR10 < wantMRR {
		t.Errorf("below target: MRR@10 %.3f, want ≥ %.2f (was 0.570)", rep.MRR10, wantMRR)
	}
}

// BenchmarkSearch is the per-question latency on the full Civil Code with
// the built-in FAQ and lexicon.
func BenchmarkSearch(b *testing.B) {
	code := loadCivilCode(b)
	rows := loadDevQuestions(b)
	lex, _ := BuiltinLexicon()
	faq, _ := BuiltinFAQ()
	ix := NewIndex(append(code, faq...), lex, DefaultOptions())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Search(rows[i%len(rows)].Question, 3)
	}
}

// BenchmarkNewIndex is the start-up cost of indexing the full Civil Code
// with the built-in FAQ and lexicon.
func BenchmarkNewIndex(b *testing.B) {
	code := loadCivilCode(b)
	lex, _ := BuiltinLexicon()
	faq, _ := BuiltinFAQ()
	chunks := append(code, faq...)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		NewIndex(chunks, lex, DefaultOptions())
	}
}
