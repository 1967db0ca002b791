package knowledge

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestLegalTargets measures the article ranking on the public development
// questions with the full Civil Code imported, holds it to the measured
// level (a regression floor) and reports the gap to the targets.
// Latency is reported, not asserted (see BenchmarkSearch).
func TestLegalTargets(t *testing.T) {
	rows := loadDevQuestions(t)
	ix := fullIndex(t)
	rep := Evaluate(ix, rows, time.Now)
	t.Log(rep)
	// The two halves by row (even, odd): weights and the confidence model
	// were tuned on the even half only, so the odd half is the honest
	// estimate.
	even, odd := halves(rows)
	evenRep, oddRep := Evaluate(ix, even, time.Now), Evaluate(ix, odd, time.Now)
	t.Logf("even half: %v", evenRep)
	t.Logf("odd half:  %v", oddRep)
	bySource := map[string][]EvalRow{}
	for _, r := range rows {
		src, _, _ := strings.Cut(r.Source, "/")
		bySource[src] = append(bySource[src], r)
	}
	for src, rs := range bySource {
		t.Logf("%-12s %v", src, Evaluate(ix, rs, time.Now))
	}
	// A model that reranks (llm.RerankLegal) chooses among RerankDepth
	// candidates: the share of questions with a gold article among them
	// bounds what it can reach without its restatement's candidates.
	for name, rs := range map[string][]EvalRow{"even": even, "odd": odd} {
		t.Logf("rerank candidates, %s half: a gold article among the first %d for %.3f of the questions", name, RerankDepth, candidateRecall(ix, rs))
	}
	// At the chat threshold the odd half, which nothing was tuned on,
	// answered 0.288 of the questions with an article at precision 0.819;
	// the floors hold that level.
	if oddRep.Precision < 0.78 || oddRep.Coverage < 0.25 {
		t.Errorf("odd half at the chat threshold: coverage %.3f precision %.3f, want at least 0.25 and 0.78 (was 0.288, 0.819)",
			oddRep.Coverage, oddRep.Precision)
	}
	// Below the threshold the reply names an area of law: for 0.902 of the
	// odd half's questions answered without an article, right for 0.765
	// of those named (0.828 and 0.715 before the law's own terms and the
	// runner-up area for split evidence; BENCHMARKS.md). The floors hold
	// that level.
	if oddRep.Named < 0.88 || oddRep.Right < 0.74 {
		t.Errorf("odd half below the threshold: area named for %.3f, right for %.3f; want at least 0.88 and 0.74 (was 0.902, 0.765)",
			oddRep.Named, oddRep.Right)
	}
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

// candidateRecall is the share of rows with a gold article among the
// candidates a model would be asked to order (no restatement).
func candidateRecall(ix *Index, rows []EvalRow) float64 {
	var n int
	for _, r := range rows {
		for _, a := range ix.Candidates(ix.Search(r.Question, 3), "", RerankDepth) {
			if slices.Contains(r.Articles, a) {
				n++
				break
			}
		}
	}
	return float64(n) / float64(max(len(rows), 1))
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
