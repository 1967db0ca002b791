package knowledge

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestParseExamples(t *testing.T) {
	got, err := ParseExamples(strings.NewReader("# a comment\n\n房东不退押金\t703, 708\n楼上扔东西\t1254\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Example{{"房东不退押金", []int{703, 708}}, {"楼上扔东西", []int{1254}}}
	if len(got) != len(want) {
		t.Fatalf("examples %v, want %v", got, want)
	}
	for i := range want {
		if got[i].Question != want[i].Question || !slices.Equal(got[i].Articles, want[i].Articles) {
			t.Errorf("example %d: %v, want %v", i, got[i], want[i])
		}
	}
	for _, bad := range []struct{ text, want string }{
		{"房东不退押金 703\n", "line 1: want question<TAB>articles"},
		{"# c\n房东不退押金\t七百零三\n", "line 2: article \"七百零三\" is not a number"},
		{"\t703\n", "line 1: want question<TAB>articles"},
		{"房东不退押金\t0\n", "line 1: article \"0\" is not a number"},
	} {
		_, err := ParseExamples(strings.NewReader(bad.text))
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseExamples(%q): %v, want an error with %q", bad.text, err, bad.want)
		}
	}
}

// TestExamplesLendTheirArticles: a question worded like an example, and
// sharing no word with the article that answers it, finds the article
// through the example; a question sharing a word or two with an example
// borrows nothing, nor does a question about a child of another age.
func TestExamplesLendTheirArticles(t *testing.T) {
	chunks := []Chunk{
		{Source: "t", Kind: KindArticle, Key: "1", Path: "第一编 甲 / 第一章 乙", Articles: []int{1},
			Text: "出租人应当按照约定将租赁物交付承租人。"},
		{Source: "t", Kind: KindArticle, Key: "2", Path: "第一编 甲 / 第二章 丙", Articles: []int{2},
			Text: "无民事行为能力人在幼儿园、学校或者其他教育机构学习、生活期间受到人身损害的，幼儿园、学校或者其他教育机构应当承担侵权责任。"},
		{Source: "t", Kind: KindArticle, Key: "3", Path: "第一编 甲 / 第二章 丙", Articles: []int{3},
			Text: "限制民事行为能力人在学校或者其他教育机构学习、生活期间受到人身损害，学校或者其他教育机构未尽到教育、管理职责的，应当承担侵权责任。"},
	}
	lex, err := ParseLexicon(strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	exs, err := ParseExamples(strings.NewReader(
		"搬进去才发现热水器是坏的房东一直拖着不给修\t1\n" +
			"我儿子十岁在学校被同学推倒摔断了胳膊\t3\n" +
			"题目里没有的条文\t99\n"))
	if err != nil {
		t.Fatal(err)
	}
	lex = lex.WithExamples(exs)
	first := func(o Options, q string) int {
		got := NewIndex(chunks, lex, o).Search(q, 3).Articles
		if len(got) == 0 {
			return 0
		}
		return got[0]
	}
	off := DefaultOptions()
	off.ExampleWeight = 0

	q := "刚搬进去热水器就坏了房东拖着不修"
	if got := first(DefaultOptions(), q); got != 1 {
		t.Errorf("%s: article %d first, want 1 (an example is worded like it)", q, got)
	}
	if got := first(off, q); got == 1 {
		t.Errorf("%s: article 1 first without the examples: the test no longer shows what they add", q)
	}
	// Likeness tells how much of the question the example most like it
	// (Alike) holds.
	if res := NewIndex(chunks, lex, DefaultOptions()).Search(q, 3); res.Likeness < 0.5 || res.Likeness > 1 || res.Alike.Question != exs[0].Question {
		t.Errorf("%s: likeness %.2f of %q, want most of its words in %q (0.5–1)", q, res.Likeness, res.Alike.Question, exs[0].Question)
	}
	// A question that shares a word or two with an example, and one about
	// a child of another age than the example's, borrow nothing: their
	// articles score as they do without the examples.
	for _, q := range []string{
		"房东要涨房租了我该怎么跟他谈价钱才合适呢",
		"我女儿五岁在学校被同学推倒摔断了胳膊",
	} {
		if with, without := scores(NewIndex(chunks, lex, DefaultOptions()), q), scores(NewIndex(chunks, lex, off), q); !maps.Equal(with, without) {
			t.Errorf("%s: article scores %v, without the examples %v: an example lent", q, with, without)
		}
		if got := NewIndex(chunks, lex, DefaultOptions()).Search(q, 3).Likeness; got != 0 {
			t.Errorf("%s: likeness %.2f, want 0 where no example lent", q, got)
		}
	}
	// Worded like the example, the boy of ten borrows.
	q = "我儿子十岁在学校被同学推倒摔断了胳膊"
	if with, without := scores(NewIndex(chunks, lex, DefaultOptions()), q), scores(NewIndex(chunks, lex, off), q); with[3] <= without[3] {
		t.Errorf("%s: article 3 scores %.2f, without the examples %.2f: the example lent nothing", q, with[3], without[3])
	}
	// An example's article that is not imported is never an answer.
	if got := NewIndex(chunks, lex, DefaultOptions()).Search("题目里没有的条文", 3).Articles; slices.Contains(got, 99) {
		t.Errorf("articles %v: an article not imported was lent by an example", got)
	}
}

// scores maps each article the search ranks to its score.
func scores(ix *Index, q string) map[int]float64 {
	out := map[int]float64{}
	for _, h := range ix.Search(q, 10).Passages {
		if h.Chunk.Kind == KindArticle {
			out[h.Chunk.Articles[0]] = h.Score
		}
	}
	return out
}
