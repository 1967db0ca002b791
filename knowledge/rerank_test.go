package knowledge

import (
	"fmt"
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

// TestCandidatesAreSearchedForTheSameCommunity: the restatement is
// searched as the question was, so a community's own entry lends to the
// article it cites for its residents only.
func TestCandidatesAreSearchedForTheSameCommunity(t *testing.T) {
	art := func(n int, path, text string) Chunk {
		return Chunk{Source: "code", Kind: KindArticle, Key: fmt.Sprint(n), Path: path, Text: text, Articles: []int{n}}
	}
	ix := NewIndex([]Chunk{
		art(1, "第七编 侵权责任", "饲养的动物造成他人损害的，动物饲养人应当承担侵权责任。"),
		art(2, "第七编 侵权责任", "禁止从建筑物中抛掷物品。"),
		art(3, "第三编 合同", "物业服务应当按照约定提供。"),
		{Source: CommunitySource, Kind: KindFAQ, Key: "m1", Path: "朝阳社区", Question: "活动室几点开门？", Text: "每天八点。", Articles: []int{3}},
	}, &Lexicon{}, DefaultOptions())
	for community, want := range map[string]bool{"朝阳社区": true, "锦霞社区": false} {
		res := ix.SearchIn(community, "邻居的狗咬人谁负责", 3)
		if got := slices.Contains(ix.Candidates(res, "活动室几点开门", RerankDepth), 3); got != want {
			t.Errorf("asked in %s: article 3 a candidate is %v, want %v", community, got, want)
		}
	}
}
