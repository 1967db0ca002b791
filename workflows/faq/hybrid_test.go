package faq

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/knowledge"
	"linli/llm"
	"linli/llm/llmtest"
	"linli/storage/sqlite"
)

// withEmbeddings imports a few articles, embeds them through the real
// client against llmtest, and turns hybrid ranking on, as wireFAQ does.
func (f *fixture) withEmbeddings() *llmtest.Server {
	f.t.Helper()
	ctx := context.Background()
	srv := llmtest.New(f.t)
	client := llm.New(llm.Config{BaseURL: srv.URL, APIKey: "k", Model: "test-chat", EmbedModel: "test-embed",
		Timeout: 2 * time.Second, MaxRetries: -1}, nil, nil)
	store := sqlite.NewKnowledgeStore(f.db)
	art := func(n int, text string) knowledge.Chunk {
		return knowledge.Chunk{Kind: knowledge.KindArticle, Key: strconv.Itoa(n), Text: text, Articles: []int{n}}
	}
	if err := store.ReplaceSource(ctx, "code.jsonl", []knowledge.Chunk{
		art(1245, "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任；但是，能够证明损害是因被侵权人故意或者重大过失造成的，可以不承担或者减轻责任。"),
		art(1246, "违反管理规定，未对动物采取安全措施造成他人损害的，动物饲养人或者管理人应当承担侵权责任。"),
		art(1254, "禁止从建筑物中抛掷物品。从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任。"),
		art(288, "不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。"),
	}, f.now); err != nil {
		f.t.Fatal(err)
	}
	if _, err := knowledge.EmbedMissing(ctx, store, store, client, nil); err != nil {
		f.t.Fatal(err)
	}
	if err := f.kb.Reload(ctx); err != nil {
		f.t.Fatal(err)
	}
	if err := f.kb.SetEmbedder(ctx, client, store, nil); err != nil {
		f.t.Fatal(err)
	}
	if got := f.kb.Ranking(); !strings.HasPrefix(got, "bm25+embeddings") {
		f.t.Fatalf("ranking %q", got)
	}
	return srv
}

// TestAnswersWithHybridRanking: with embeddings wired the workflow embeds
// the question, answers it with its citation, stays quiet on chatter, and
// answers the same when the embedding service fails.
func TestAnswersWithHybridRanking(t *testing.T) {
	f := newFixture(t)
	srv := f.withEmbeddings()
	const q = "楼上往下扔东西砸坏了我的车怎么办？"
	out, err := f.say(group, zhang, q, false)
	if err != nil || len(out) != 1 {
		t.Fatalf("want one reply in the group, got %v %v", out, err)
	}
	for _, want := range []string{"《民法典》第一千二百五十四条", "一般性法律信息"} {
		if !strings.Contains(out[0].Text, want) {
			t.Errorf("reply lacks %q:\n%s", want, out[0].Text)
		}
	}
	embeds := srv.Embeds()
	if last := embeds[len(embeds)-1]; len(last) != 1 || last[0] != q {
		t.Errorf("the question was not embedded; last request %q", last)
	}
	if st := f.kb.HybridStats(); st.Hybrid != 1 {
		t.Errorf("stats %+v", st)
	}

	for _, text := range []string{"今天天气真好", "怎么办，我忘带钥匙了", "今天谁负责值班？"} {
		if out, err := f.say(group, zhang, text, false); err != bot.ErrPass || len(out) != 0 {
			t.Errorf("%q: want silence with embeddings on, got %v %v", text, err, out)
		}
	}

	srv.Models("test-chat") // the embedding model is gone
	again, err := f.say(group, zhang, q, false)
	if err != nil || len(again) != 1 || again[0].Text != out[0].Text {
		t.Errorf("with embeddings failing: %v %v, want the same answer", again, err)
	}
	if st := f.kb.HybridStats(); st.Fallbacks == 0 {
		t.Errorf("the fallback was not counted: %+v", st)
	}
}
