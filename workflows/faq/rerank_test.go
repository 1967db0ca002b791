package faq

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/knowledge"
	"linli/llm"
	"linli/llm/llmtest"
	"linli/storage/sqlite"
)

// withReranker imports a few articles on animals and neighbours and lets
// a model behind llmtest order the articles of legal answers, through the
// real client, as wireFAQ does when a model is configured.
func (f *fixture) withReranker(timeout time.Duration) *llmtest.Server {
	f.t.Helper()
	ctx := context.Background()
	art := func(n int, text string) knowledge.Chunk {
		return knowledge.Chunk{Kind: knowledge.KindArticle, Key: strconv.Itoa(n), Text: text, Articles: []int{n},
			Path: "第七编 侵权责任 / 第九章 饲养动物损害责任"}
	}
	if err := sqlite.NewKnowledgeStore(f.db).ReplaceSource(ctx, "code.jsonl", []knowledge.Chunk{
		art(1245, "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任；但是，能够证明损害是因被侵权人故意或者重大过失造成的，可以不承担或者减轻责任。"),
		art(1246, "违反管理规定，未对动物采取安全措施造成他人损害的，动物饲养人或者管理人应当承担侵权责任；但是，能够证明损害是因被侵权人故意造成的，可以减轻责任。"),
		art(1247, "禁止饲养的烈性犬等危险动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任。"),
	}, f.now); err != nil {
		f.t.Fatal(err)
	}
	if err := f.kb.Reload(ctx); err != nil {
		f.t.Fatal(err)
	}
	srv := llmtest.New(f.t)
	f.w.rerank = llm.New(llm.Config{BaseURL: srv.URL, APIKey: "k", Model: "test-chat", Timeout: timeout, MaxRetries: -1}, nil, nil)
	return srv
}

const dogQuestion = "问 邻居家狗咬了人，谁负责？"

// restated is the model's restatement of dogQuestion.
var restated = llmtest.JSON(map[string]any{"question": "未对动物采取安全措施造成他人损害的责任", "terms": []string{"安全措施", "饲养人"}})

// firstCitation is the first article a reply cites.
func firstCitation(text string) string {
	_, after, ok := strings.Cut(text, "《民法典》")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(after, "条")
	return name + "条"
}

func TestRerankChangesTheCitedArticle(t *testing.T) {
	f := newFixture(t)
	f.withReranker(2 * time.Second)
	f.w.rerank = nil
	out, err := f.say(private, zhang, dogQuestion, false)
	if err != nil || len(out) != 1 {
		t.Fatalf("rules: %v %v", out, err)
	}
	rules := firstCitation(out[0].Text)
	if rules == "" || rules == "第一千二百四十六条" {
		t.Fatalf("rules cite %q; the test needs them to cite another article first:\n%s", rules, out[0].Text)
	}

	srv := f.withReranker(2 * time.Second)
	srv.Push(restated, llmtest.JSON(map[string]any{"answerable": true, "ranking": []int{1246, 1245}}))
	out, err = f.say(private, zhang, dogQuestion, false)
	if err != nil || len(out) != 1 {
		t.Fatalf("reranked: %v %v", out, err)
	}
	t.Logf("rules cited %s first; reranked reply:\n%s", rules, out[0].Text)
	if got := firstCitation(out[0].Text); got != "第一千二百四十六条" {
		t.Errorf("reranked answer cites %q first, want 第一千二百四十六条:\n%s", got, out[0].Text)
	}
	chats := srv.Chats()
	if len(chats) != 2 || !strings.Contains(chats[1].Raw, "【第1246条】") || !strings.Contains(chats[1].Raw, "【第1245条】") {
		t.Errorf("the model was not shown the retrieved articles: %d calls", len(chats))
	}
}

func TestRerankCannotCiteAnArticleItWasNotGiven(t *testing.T) {
	f := newFixture(t)
	srv := f.withReranker(2 * time.Second)
	srv.Push(restated, llmtest.JSON(map[string]any{"answerable": true, "ranking": []int{1, 1246}}))
	out, _ := f.say(private, zhang, dogQuestion, false)
	if len(out) != 1 || strings.Contains(out[0].Text, "第一条") {
		t.Fatalf("a made-up article was cited: %v", out)
	}
	if got := firstCitation(out[0].Text); got != "第一千二百四十六条" {
		t.Errorf("cites %q first, want the one retrieved article the model named:\n%s", got, out[0].Text)
	}
}

// On a timeout, a server error or garbage the answer is the rules' one,
// within the model's timeout.
func TestRerankFailureKeepsTheRulesAnswer(t *testing.T) {
	f := newFixture(t)
	f.withReranker(time.Second)
	f.w.rerank = nil
	want, _ := f.say(private, zhang, dogQuestion, false)
	for name, replies := range map[string][]llmtest.Reply{
		"timeout":      {llmtest.Slow(time.Minute, restated)},
		"server error": {llmtest.ServerError()},
		"garbage":      {restated, llmtest.InvalidJSON(), llmtest.Good("我觉得是第1246条")},
	} {
		t.Run(name, func(t *testing.T) {
			srv := f.withReranker(300 * time.Millisecond)
			srv.Push(replies...)
			start := time.Now()
			got, err := f.say(private, zhang, dogQuestion, false)
			if err != nil || len(got) != 1 || len(want) != 1 || got[0].Text != want[0].Text {
				t.Errorf("got %v (%v), want the rules' answer %v", got, err, want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %s, want at most the 300 ms timeout", d)
			}
			if len(srv.Chats()) == 0 {
				t.Error("the model was not asked")
			}
		})
	}
}

// A model that finds no candidate answers the question makes the reply
// cite nothing: the area and its guidance instead.
func TestRerankFindingNoAnswerCitesNothing(t *testing.T) {
	f := newFixture(t)
	srv := f.withReranker(2 * time.Second)
	srv.Push(restated, llmtest.JSON(map[string]any{"answerable": false, "ranking": []int{}}))
	out, _ := f.say(private, zhang, dogQuestion, false)
	if len(srv.Chats()) != 2 {
		t.Fatalf("%d calls, want restate and rerank", len(srv.Chats()))
	}
	if len(out) != 1 || strings.Contains(out[0].Text, "《民法典》第") || !strings.Contains(out[0].Text, "转志愿者") {
		t.Errorf("want the area's guidance without an article, got %v", out)
	}
}

// The console's search tester shows the articles in the order the
// resident's reply rests on, and that the model reordered them.
func TestExplainShowsTheRerankedOrder(t *testing.T) {
	f := newFixture(t)
	srv := f.withReranker(2 * time.Second)
	srv.Push(restated, llmtest.JSON(map[string]any{"answerable": true, "ranking": []int{1246, 1245}}))
	e := f.w.Explain(context.Background(), "锦霞社区", strings.TrimPrefix(dogQuestion, "问 "))
	if got := firstCitation(e.Reply); got != "第一千二百四十六条" {
		t.Fatalf("the reply cites %q first, want the model's first, 第一千二百四十六条:\n%s", got, e.Reply)
	}
	if len(e.Articles) == 0 || e.Articles[0] != 1246 {
		t.Errorf("the tester lists the articles as %v; the reply cites 1246 first", e.Articles)
	}
	if len(e.RulesArticles) == 0 || e.RulesArticles[0] == 1246 {
		t.Fatalf("the tester does not say the model reordered the rules' ranking: %v", e.RulesArticles)
	}

	// A model that puts the rules' first article first leaves the order.
	srv.Push(restated, llmtest.JSON(map[string]any{"answerable": true, "ranking": e.RulesArticles[:1]}))
	if e := f.w.Explain(context.Background(), "锦霞社区", strings.TrimPrefix(dogQuestion, "问 ")); e.RulesArticles != nil {
		t.Errorf("the model kept the rules' order, yet the tester says it reordered it: %v, rules %v", e.Articles, e.RulesArticles)
	}
}
