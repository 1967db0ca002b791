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
	// reach Hit@3 0.609 and MRR@10 0.539 (BENCHMARKS.md). The test holds
	// the measured level as a regression floor and reports the gap.
	const wantHit3, wantMRR = 0.65, 0.55
	t.Logf("gap to target: Hit@3 %+.3f (target %.2f), MRR@10 %+.3f (target %.2f)",
		rep.Hit3-wantHit3, wantHit3, rep.MRR10-wantMRR, wantMRR)
	if rep.Hit3 < 0.60 || rep.MRR10 < 0.53 {
		t.Fatalf("regression: Hit@3 %.3f (was 0.609), MRR@10 %.3f (was 0.539)", rep.Hit3, rep.MRR10)
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
