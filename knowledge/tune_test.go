package knowledge

import (
	"encoding/json"
	"os"
	"strings"
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
		ch := append([]Chunk{}, code...)
		if os.Getenv("KNOFAQ") == "" {
			ch = append(ch, faq...)
		}
		ix := NewIndex(ch, lex, o)
		f := Evaluate(ix, rows, time.Now)
		e := Evaluate(ix, even, time.Now)
		d := Evaluate(ix, odd, time.Now)
		t.Logf("%v\n full H1 %.3f H3 %.3f H5 %.3f MRR %.3f | even H3 %.3f MRR %.3f | odd H3 %.3f MRR %.3f",
			over, f.Hit1, f.Hit3, f.Hit5, f.MRR10, e.Hit3, e.MRR10, d.Hit3, d.MRR10)
	}
}

func TestTuneChap(t *testing.T) {
	if os.Getenv("KCHAP") == "" {
		t.Skip("tuning harness")
	}
	code := loadCivilCode(t)
	rows := loadDevQuestions(t)
	lex, _ := BuiltinLexicon()
	faq, _ := BuiltinFAQ()
	ix := NewIndex(append(append([]Chunk{}, code...), faq...), lex, DefaultOptions())
	chap := func(a int) string {
		c, ok := ix.Article(a)
		if !ok {
			return "?"
		}
		return chapterOf(c.Path)
	}
	cnt := map[string]int{}
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
		if len(res.Articles) == 0 {
			cnt["empty"]++
			continue
		}
		same := false
		for _, g := range r.Articles {
			if chap(g) == chap(res.Articles[0]) {
				same = true
			}
		}
		book := false
		for _, g := range r.Articles {
			c1, _ := ix.Article(g)
			c2, _ := ix.Article(res.Articles[0])
			if strings.SplitN(c1.Path, " / ", 2)[0] == strings.SplitN(c2.Path, " / ", 2)[0] {
				book = true
			}
		}
		k := "other"
		if same {
			k = "samechap"
		} else if book {
			k = "samebook"
		}
		if rank >= 0 {
			k += "-r4to10"
		} else {
			k += "-none"
		}
		cnt[k]++
	}
	t.Log(cnt)
}

func chapterOf(p string) string {
	parts := strings.Split(p, " / ")
	if len(parts) > 2 {
		parts = parts[:len(parts)-1]
		if !strings.Contains(parts[len(parts)-1], "章") {
			return strings.Join(parts, " / ")
		}
	}
	return strings.Join(parts, " / ")
}
