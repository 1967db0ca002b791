package knowledge

import (
	"slices"
	"testing"
)

// TestCandidatesTakeTheRestatementsArticles: the statute's words of a
// restatement bring in an article the resident's words missed, and an
// article number a model slipped into it brings in nothing.
func TestCandidatesTakeTheRestatementsArticles(t *testing.T) {
	code := loadCivilCode(t)
	lex, err := BuiltinLexicon()
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(code, lex, DefaultOptions())
	res := ix.Search("邻居家的狗把我孙子咬了", 3)
	without := ix.Candidates(res, "", RerankDepth)
	with := ix.Candidates(res, "出租人 租赁期限届满 押金", RerankDepth)
	if len(without) != RerankDepth || len(with) != RerankDepth {
		t.Fatalf("want %d candidates, got %d and %d", RerankDepth, len(without), len(with))
	}
	if !slices.Contains(without, 1245) || !slices.Contains(with, 1245) {
		t.Errorf("the question's own first article should stay a candidate: %v / %v", without, with)
	}
	if slices.Equal(with, without) {
		t.Errorf("the restatement brought in nothing: %v", with)
	}
	named := ix.Candidates(res, "民法典第1260条", RerankDepth)
	if slices.Contains(named, 1260) {
		t.Errorf("an article number in the restatement became a candidate: %v", named)
	}
}
