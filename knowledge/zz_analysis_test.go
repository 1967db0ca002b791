package knowledge

import (
	"fmt"
	"slices"
	"sort"
	"testing"
)

func TestZZAnalysis(t *testing.T) {
	code := loadCivilCode(t)
	rows := loadDevQuestions(t)
	lex, _ := BuiltinLexicon()
	faq, _ := BuiltinFAQ()
	ix := NewIndex(append(code, faq...), lex, DefaultOptions())
	rankHist := map[int]int{}
	goldCount := map[int]int{}
	noPhr := 0
	nearMissNoPhr := 0
	for _, r := range rows {
		res := ix.Search(r.Question, 3)
		rank := -1
		for i, a := range res.Articles {
			if slices.Contains(r.Articles, a) {
				rank = i
				break
			}
		}
		rankHist[rank]++
		for _, a := range r.Articles {
			goldCount[a]++
		}
		has := false
		for _, a := range r.Articles {
			if lex.ArticlePhrasings(a) != "" {
				has = true
			}
		}
		if !has {
			noPhr++
			if rank >= 3 {
				nearMissNoPhr++
			}
		}
	}
	fmt.Println("rank hist", rankHist)
	fmt.Println("questions whose gold has no phrasing", noPhr, "of which near-miss", nearMissNoPhr)
	type ac struct{ a, n int }
	var acs []ac
	covered := 0
	for a, n := range goldCount {
		acs = append(acs, ac{a, n})
		if lex.ArticlePhrasings(a) != "" {
			covered++
		}
	}
	sort.Slice(acs, func(i, j int) bool { return acs[i].n > acs[j].n })
	fmt.Println("distinct gold", len(goldCount), "with phrasing", covered)
	// by book-range
	buckets := map[string]int{}
	for a, n := range goldCount {
		b := "other"
		switch {
		case a <= 204:
			b = "1 总则"
		case a <= 462:
			b = "2 物权"
		case a <= 988:
			b = "3 合同"
		case a <= 1039:
			b = "4 人格权"
		case a <= 1118:
			b = "5 婚姻家庭"
		case a <= 1163:
			b = "6 继承"
		default:
			b = "7 侵权"
		}
		buckets[b] += n
	}
	fmt.Println(buckets)
}
