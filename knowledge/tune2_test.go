package knowledge

import (
	"os"
	"testing"
)

func TestTuneDist(t *testing.T) {
	if os.Getenv("KDIST") == "" {
		t.Skip("tuning harness")
	}
	code := loadCivilCode(t)
	rows := loadDevQuestions(t)
	lex, _ := BuiltinLexicon()
	faq, _ := BuiltinFAQ()
	ix := NewIndex(append(append([]Chunk{}, code...), faq...), lex, DefaultOptions())
	b := map[string]int{}
	for _, r := range rows {
		res := ix.Search(r.Question, 3)
		rank := -1
		for j, a := range res.Articles {
			for _, g := range r.Articles {
				if a == g && rank < 0 {
					rank = j
				}
			}
		}
		switch {
		case rank < 0:
			b["none"]++
		case rank < 3:
			b["1-3"]++
		case rank < 5:
			b["4-5"]++
		case rank < 10:
			b["6-10"]++
		case rank < 20:
			b["11-20"]++
		case rank < 50:
			b["21-50"]++
		default:
			b["51-100"]++
		}
	}
	t.Log(b)
}
