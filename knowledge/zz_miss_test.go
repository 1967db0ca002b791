package knowledge

import (
	"fmt"
	"slices"
	"testing"
)

func TestZZMisses(t *testing.T) {
	code := loadCivilCode(t)
	rows := loadDevQuestions(t)
	lex, _ := BuiltinLexicon()
	faq, _ := BuiltinFAQ()
	ix := NewIndex(append(code, faq...), lex, DefaultOptions())
	short := func(a int) string {
		c, ok := ix.Article(a)
		if !ok {
			return "?"
		}
		r := []rune(c.Text)
		if len(r) > 40 {
			r = r[:40]
		}
		return string(r)
	}
	n := 0
	for i, r := range rows {
		if i%2 != 0 {
			continue
		}
		res := ix.Search(r.Question, 3)
		rank := -1
		for j, a := range res.Articles {
			if slices.Contains(r.Articles, a) {
				rank = j
				break
			}
		}
		if rank >= 3 && rank <= 9 {
			n++
			if n > 45 {
				continue
			}
			fmt.Printf("Q%d %s\n  gold %v rank %d: %s\n", i, r.Question, r.Articles, rank, short(r.Articles[0]))
			for _, a := range res.Articles[:3] {
				fmt.Printf("  top %d: %s\n", a, short(a))
			}
		}
	}
	fmt.Println("near misses even", n)
}
