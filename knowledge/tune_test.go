package knowledge

import (
	"encoding/json"
	"os"
	"testing"
	"time"
)

func TestTuneHalves(t *testing.T) {
	if os.Getenv("KTUNE") == "" {
		t.Skip("tuning harness")
	}
	code := loadCivilCode(t)
	rows := loadDevQuestions(t)
	lex, _ := BuiltinLexicon()
	faq, _ := BuiltinFAQ()
	var even, odd []EvalRow
	for i, r := range rows {
		if i%2 == 0 {
			even = append(even, r)
		} else {
			odd = append(odd, r)
		}
	}
	var grid []map[string]any
	if g := os.Getenv("KGRID"); g != "" {
		if err := json.Unmarshal([]byte(g), &grid); err != nil {
			t.Fatal(err)
		}
	} else {
		grid = []map[string]any{{}}
	}
	for _, over := range grid {
		o := DefaultOptions()
		b, _ := json.Marshal(o)
		var m map[string]any
		json.Unmarshal(b, &m)
		for k, v := range over {
			m[k] = v
		}
		b, _ = json.Marshal(m)
		json.Unmarshal(b, &o)
		ix := NewIndex(append(append([]Chunk{}, code...), faq...), lex, o)
		f := Evaluate(ix, rows, time.Now)
		e := Evaluate(ix, even, time.Now)
		d := Evaluate(ix, odd, time.Now)
		t.Logf("%v\n full H1 %.3f H3 %.3f H5 %.3f MRR %.3f p99 %s | even H3 %.3f MRR %.3f | odd H3 %.3f MRR %.3f",
			over, f.Hit1, f.Hit3, f.Hit5, f.MRR10, f.P99, e.Hit3, e.MRR10, d.Hit3, d.MRR10)
	}
}

func TestTuneMisses(t *testing.T) {
	if os.Getenv("KMISS") == "" {
		t.Skip("tuning harness")
	}
	code := loadCivilCode(t)
	rows := loadDevQuestions(t)
	lex, _ := BuiltinLexicon()
	faq, _ := BuiltinFAQ()
	ix := NewIndex(append(append([]Chunk{}, code...), faq...), lex, DefaultOptions())
	for i, r := range rows {
		if i%2 == 1 {
			continue
		}
		res := ix.Search(r.Question, 3)
		rank := -1
		for j, a := range res.Articles {
			for _, g := range r.Articles {
				if a == g && rank < 0 {
					rank = j
				}
			}
		}
		if rank >= 0 && rank < 3 {
			continue
		}
		top := res.Articles
		if len(top) > 3 {
			top = top[:3]
		}
		gt := ""
		if c, ok := ix.Article(r.Articles[0]); ok {
			gt = c.Text
			if len([]rune(gt)) > 60 {
				gt = string([]rune(gt)[:60])
			}
		}
		t.Logf("Q %s\n   gold %v rank %d top %v\n   G: %s", r.Question, r.Articles, rank, top, gt)
	}
}
