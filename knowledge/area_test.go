package knowledge

import (
	"math"
	"strings"
	"testing"
	"time"
)

// TestLawTermsNameTheirArea: the law's own name for something (留置权,
// 保管人, 人格权) tells where a question belongs, the longest term
// winning (无民事行为能力 over 民事行为能力); everyday words near one
// (个人信息, 运费, 名誉) are no term.
func TestLawTermsNameTheirArea(t *testing.T) {
	lex, err := BuiltinLexicon()
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(nil, lex, DefaultOptions())
	cases := []struct{ q, term, area string }{
		{"留置权能留多久", "留置权", "借款借贷"},
		{"保管人能不能转给别人保管", "保管人", "买卖与合同"},
		{"人格权包括哪些", "人格权", "人格权"},
		{"离婚的时候孩子跟谁", "离婚", "婚姻家庭"},
		{"八岁的孩子是无民事行为能力人吗", "无民事行为能力", "民事总则"},
		{"前夫的合伙人欠我钱", "合伙人", "买卖与合同"},
		{"我的个人信息怎么改", "", ""},
		{"快递运费多少钱", "", ""},
		{"名誉主任是谁", "", ""},
	}
	for _, c := range cases {
		term, area := ix.LawTerm(Normalize(c.q))
		name := ""
		if area >= 0 {
			name = ix.Area(area).Name
		}
		if term != c.term || name != c.area {
			t.Errorf("%s: term %q in %q, want %q in %q", c.q, term, name, c.term, c.area)
		}
	}
}

// TestTermsWeighNothingInTheRanking: a term that is no word of its area
// leaves the area's words, and so the ranking and the confidence built
// on them, as they were; a term that is one counts once.
func TestTermsWeighNothingInTheRanking(t *testing.T) {
	const line = `{"area": "借款借贷", "ranges": [[667, 702]], "terms": ["留置权", "借款"], "words": ["借钱", "借款"], "guide": "借钱的事，留好借条。"}`
	as, err := ParseAreas(strings.NewReader(line))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q    string
		want float32
	}{
		{"留置权能留多久", 0},
		{"借款不还怎么办", 2},
		{"借钱不还怎么办", 2},
	} {
		scores := make([]float32, as.Len())
		as.wordScores(c.q, scores)
		if scores[0] != c.want {
			t.Errorf("%s: the area's words weigh %.0f, want %.0f", c.q, scores[0], c.want)
		}
	}
	if term, area := as.Term("留置权能留多久"); term != "留置权" || area != 0 {
		t.Errorf("term %q in area %d, want 留置权 in 0", term, area)
	}
}

// TestGuessNamesTheRunnerUp: the area the evidence favours is the guess;
// the next is its runner-up, and the evidence is split when the guess
// holds less than 0.6 of it and the runner-up at least 0.2.
func TestGuessNamesTheRunnerUp(t *testing.T) {
	const lines = `{"area": "租赁", "ranges": [[703, 734]], "words": ["房东"], "guide": "租房的事，看合同。"}
{"area": "物业与邻里", "ranges": [[271, 296]], "words": ["漏水"], "guide": "邻里的事，先协商。"}
{"area": "继承", "ranges": [[1119, 1163]], "words": ["遗产"], "guide": "继承的事，看遗嘱。"}`
	as, err := ParseAreas(strings.NewReader(lines))
	if err != nil {
		t.Fatal(err)
	}
	art := make([]float32, 1164)
	art[703], art[290], art[1130] = 6, 4, 1
	top := []int{703, 290, 1130}
	for _, c := range []struct {
		name         string
		words        []float32
		area, runner int
		split        bool
	}{
		{"both areas' words and articles", []float32{1, 1, 0}, 0, 1, true},
		{"one area's words and most of the articles", []float32{2, 0, 0}, 0, 1, false},
	} {
		g := as.guess(c.words, art, top)
		if g.Area != c.area || g.Runner != c.runner || g.Split() != c.split {
			t.Errorf("%s: guess %d, runner-up %d (shares %.2f, %.2f), split %v; want %d, %d, split %v",
				c.name, g.Area, g.Runner, g.Share, g.RunnerShare, g.Split(), c.area, c.runner, c.split)
		}
	}
}

// TestEvaluateScoresTheAreasNamed: below the chat threshold `linli eval
// legal` reports how often a reply names an area of law, and how often
// the areas named hold a gold article's: a law term names its area, a
// split question names two (right if either is), a question in no area's
// words names none.
func TestEvaluateScoresTheAreasNamed(t *testing.T) {
	lex, faq := builtinMaterial(t)
	ix := NewIndex(faq, lex, DefaultOptions())
	rows := []EvalRow{
		{Question: "留置权能留多久", Articles: []int{447}},           // 借款借贷, by its term
		{Question: "租的房子漏水泡坏了我的家具房东不管", Articles: []int{712}}, // 租赁 and 物业与邻里
		{Question: "离婚的时候孩子跟谁", Articles: []int{1127}},        // 婚姻家庭 named, the gold is 继承
		{Question: "高压电线把人电伤了应由谁承担责任", Articles: []int{1240}}, // no area's words
	}
	for _, r := range rows {
		if res := ix.Search(r.Question, 3); res.Confidence >= AnswerThreshold {
			t.Fatalf("%s: confidence %.2f, the case needs an abstention", r.Question, res.Confidence)
		}
	}
	rep := Evaluate(ix, rows, time.Now)
	if rep.Named != 0.75 || math.Abs(rep.Right-2.0/3) > 1e-9 || math.Abs(rep.Two-1.0/3) > 1e-9 {
		t.Errorf("area named for %.3f (want 0.750), right for %.3f (want 0.667), two for %.3f (want 0.333)", rep.Named, rep.Right, rep.Two)
	}
}
