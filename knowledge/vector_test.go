package knowledge_test

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/knowledge"
	"linli/llm"
	"linli/llm/llmtest"
	"linli/storage/sqlite"
)

// hybridFixture is a knowledge base over real SQLite with the real LLM
// client talking to llmtest's embeddings endpoint.
type hybridFixture struct {
	t     *testing.T
	srv   *llmtest.Server
	llm   *llm.Client
	store *sqlite.KnowledgeStore
	kb    *knowledge.Base
}

func newHybridFixture(t *testing.T, chunks []knowledge.Chunk) *hybridFixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "kb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &hybridFixture{t: t, srv: llmtest.New(t), store: sqlite.NewKnowledgeStore(db)}
	f.llm = llm.New(llm.Config{BaseURL: f.srv.URL, APIKey: "k", Model: "test-chat", EmbedModel: "test-embed",
		Timeout: 2 * time.Second, MaxRetries: -1}, nil, nil)
	if err := f.store.ReplaceSource(ctx, "code.jsonl", chunks, time.Now()); err != nil {
		t.Fatal(err)
	}
	return f
}

// embedAll stores a vector for every chunk and loads the base with
// hybrid ranking on.
func (f *hybridFixture) embedAll() {
	f.t.Helper()
	ctx := context.Background()
	if _, err := knowledge.EmbedMissing(ctx, f.store, f.store, f.llm, nil); err != nil {
		f.t.Fatal(err)
	}
	f.load()
}

func (f *hybridFixture) load() {
	f.t.Helper()
	ctx := context.Background()
	kb, err := knowledge.Load(ctx, f.store, knowledge.DefaultOptions())
	if err != nil {
		f.t.Fatal(err)
	}
	if err := kb.SetEmbedder(ctx, f.llm, f.store, nil); err != nil {
		f.t.Fatal(err)
	}
	f.kb = kb
}

func (f *hybridFixture) embedRequests() int { return len(f.srv.Embeds()) }

func article(n int, text string) knowledge.Chunk {
	return knowledge.Chunk{Source: "code.jsonl", Kind: knowledge.KindArticle, Key: strconv.Itoa(n),
		Text: text, Articles: []int{n}}
}

// paraphrase returns text in other characters that llmtest's embedding
// cannot tell from s: each character is swapped for one the server hashes
// into the same dimension. It stands in for what real embeddings find and
// words do not: the same meaning in other words. Characters in avoid, and
// those the masking rules look at, are not used.
func paraphrase(t *testing.T, s string, dims int, avoid string) string {
	t.Helper()
	bucket := func(r rune) int { return slices.Index(llmtest.Vector(string(r), dims), 1) }
	used := map[rune]bool{}
	for _, r := range avoid + s + "楼栋幢座单元室" {
		used[r] = true
	}
	var b strings.Builder
	for _, r := range s {
		want := bucket(r)
		for c := rune(0x4E00); ; c++ {
			if c > 0x9FFF {
				t.Fatalf("no stand-in for %q", r)
			}
			if !used[c] && bucket(c) == want {
				used[c] = true
				b.WriteRune(c)
				break
			}
		}
	}
	return b.String()
}

func hitArticles(hits []knowledge.Hit) []int {
	var out []int
	for _, h := range hits {
		if h.Chunk.Kind == knowledge.KindArticle {
			out = append(out, h.Chunk.Articles[0])
		}
	}
	return out
}

// TestHybridLiftsAnArticleOnlyTheVectorsFind: an article worded wholly
// differently from the question, which embeddings place next to it, is
// not found by BM25 and is in the top three of the hybrid ranking, with a
// passage; the article BM25 ranks first stays in the top three. The two
// other articles share no word with the question either; the vectors rank
// them below the paraphrase.
func TestHybridLiftsAnArticleOnlyTheVectorsFind(t *testing.T) {
	const question = "邻居家的空调外机滴水弄脏了我的窗台"
	words := []knowledge.Chunk{
		article(288, "不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。空调外机滴水影响邻居的，应当妥善处理。"),
		article(7, "民事主体从事民事活动，应当遵循诚信原则，秉持诚实，恪守承诺。"),
		article(1000, "行为人因侵害人格权承担消除影响、恢复名誉、赔礼道歉等民事责任的，应当与行为的具体方式和造成的影响范围相当。"),
	}
	var all strings.Builder
	for _, c := range words {
		all.WriteString(c.Text)
	}
	probe := newHybridFixture(t, nil)
	vecs, err := probe.llm.Embed(context.Background(), []string{question})
	if err != nil {
		t.Fatal(err)
	}
	sent := probe.srv.Embeds()[0][0] // the question as it left the machine
	const twinArticle = 300          // cited by no built-in FAQ entry, which would lend it BM25 score
	twin := article(twinArticle, paraphrase(t, sent, len(vecs[0]), all.String()))

	f := newHybridFixture(t, append(words, twin))
	f.embedAll()
	if got := f.kb.Ranking(); got != "bm25+embeddings (model test-embed, 4 vectors)" {
		t.Errorf("ranking %q", got)
	}

	bm25 := f.kb.Search(question, 3)
	if len(bm25.Articles) == 0 || bm25.Articles[0] != 288 {
		t.Fatalf("BM25 alone ranks %v; the corpus no longer sets the test up (want 288 first)", bm25.Articles)
	}
	// Sharing no word, the twin scores only what its section lends it
	// (the fixture's articles have no path, so they are all one section):
	// BM25 alone must not put it among the first three.
	if slices.Contains(bm25.Articles[:min(3, len(bm25.Articles))], twinArticle) || slices.Contains(hitArticles(bm25.Passages), twinArticle) {
		t.Fatalf("BM25 alone ranks article %d among the first (%v): it should share no word with the question", twinArticle, bm25.Articles)
	}

	before := f.embedRequests()
	res := f.kb.SearchContext(context.Background(), "", question, 3)
	if f.embedRequests() != before+1 {
		t.Errorf("the question was embedded in %d requests, want 1", f.embedRequests()-before)
	}
	top := res.Articles[:min(3, len(res.Articles))]
	if !slices.Contains(top, twinArticle) {
		t.Errorf("hybrid top articles %v (all %v): article %d, found by the vectors alone, is not among them", top, res.Articles, twinArticle)
	}
	if !slices.Contains(top, 288) {
		t.Errorf("hybrid top articles %v lost article 288, BM25's first", top)
	}
	passages := hitArticles(res.Passages)
	if !slices.Contains(passages, twinArticle) {
		t.Errorf("hybrid passages %v have no passage for article %d", passages, twinArticle)
	}
	for _, h := range res.Passages {
		if h.Chunk.Kind == knowledge.KindArticle && h.Chunk.Articles[0] == twinArticle && h.Coverage != 0 {
			t.Errorf("the lifted article covers %.2f of a question it shares no word with", h.Coverage)
		}
		if h.Chunk.Kind == knowledge.KindArticle && h.Chunk.Articles[0] == 288 && h.Coverage == 0 {
			t.Error("article 288's passage lost its coverage")
		}
	}
	if len(res.Passages) > 3 {
		t.Errorf("%d passages for k=3", len(res.Passages))
	}
	// What placed the question stays as BM25 found it: the workflow
	// routes and names the area by it.
	if res.Likeness != bm25.Likeness || res.Alike.Question != bm25.Alike.Question || len(res.Examples) != len(bm25.Examples) {
		t.Errorf("hybrid examples %d, alike %q at %.2f; BM25 %d, %q at %.2f",
			len(res.Examples), res.Alike.Question, res.Likeness, len(bm25.Examples), bm25.Alike.Question, bm25.Likeness)
	}
	if st := f.kb.HybridStats(); st.Hybrid != 1 || st.Fallbacks != 0 {
		t.Errorf("stats %+v", st)
	}
	// Search without a context stays BM25 and asks no embedding.
	before = f.embedRequests()
	if got := f.kb.Search(question, 3); !slices.Equal(got.Articles, bm25.Articles) || f.embedRequests() != before {
		t.Errorf("Search changed with hybrid ranking on: %v", got.Articles)
	}
}

// sameRanking fails unless a and b rank the same articles and passages
// with the same coverage.
func sameRanking(t *testing.T, what string, a, b knowledge.Result) {
	t.Helper()
	if !slices.Equal(a.Articles, b.Articles) {
		t.Errorf("%s: articles %v, BM25 %v", what, a.Articles, b.Articles)
	}
	if len(a.Passages) != len(b.Passages) || len(a.FAQ) != len(b.FAQ) {
		t.Fatalf("%s: %d passages and %d FAQ, BM25 %d and %d", what, len(a.Passages), len(a.FAQ), len(b.Passages), len(b.FAQ))
	}
	for i := range a.Passages {
		if knowledge.KeyOf(a.Passages[i].Chunk) != knowledge.KeyOf(b.Passages[i].Chunk) || a.Passages[i].Coverage != b.Passages[i].Coverage {
			t.Errorf("%s: passage %d is %s (%.2f), BM25 %s (%.2f)", what, i, a.Passages[i].Chunk.Title(), a.Passages[i].Coverage,
				b.Passages[i].Chunk.Title(), b.Passages[i].Coverage)
		}
	}
}

// TestHybridFallsBackToBM25 shows that when the embeddings endpoint fails,
// or the question's context is gone, the answer is ranked exactly as
// BM25 ranks it, and the fallback is counted.
func TestHybridFallsBackToBM25(t *testing.T) {
	f := newHybridFixture(t, []knowledge.Chunk{
		article(1254, "禁止从建筑物中抛掷物品。从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任。"),
		article(1245, "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任。"),
		article(1165, "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。"),
	})
	f.embedAll()
	const q = "楼上扔东西砸坏了我的车谁负责"
	bm25 := f.kb.Search(q, 3)

	f.srv.Models("test-chat") // the embedding model is gone: 404
	sameRanking(t, "embeddings failing", f.kb.SearchContext(context.Background(), "", q, 3), bm25)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sameRanking(t, "context cancelled", f.kb.SearchContext(ctx, "", q, 3), bm25)

	if st := f.kb.HybridStats(); st.Fallbacks != 2 || st.Hybrid != 0 {
		t.Errorf("stats %+v, want 2 fallbacks", st)
	}
}

// TestEmbedMissingEmbedsOnlyWhatHasNoVector: every stored article and FAQ
// entry gets one vector; a second run asks for nothing; a changed chunk is
// embedded again on its own; until then the base ranks by BM25 without
// asking for embeddings it could not use.
func TestEmbedMissingEmbedsOnlyWhatHasNoVector(t *testing.T) {
	ctx := context.Background()
	chunks := []knowledge.Chunk{
		article(1254, "禁止从建筑物中抛掷物品。"),
		article(1245, "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任。"),
		{Source: "code.jsonl", Kind: knowledge.KindFAQ, Key: "dog", Question: "狗咬人谁负责？", Text: "饲养人负责。", Articles: []int{1245}},
		{Source: "code.jsonl", Kind: knowledge.KindGuide, Key: "g1", Text: "物业电话见公告栏。"},
	}
	f := newHybridFixture(t, chunks)
	f.load()
	if got := f.kb.Ranking(); !strings.Contains(got, "no stored vectors") {
		t.Errorf("ranking before embedding: %q", got)
	}
	f.kb.SearchContext(ctx, "", "狗咬人谁负责", 3)
	if n := f.embedRequests(); n != 0 {
		t.Errorf("%d embedding requests with no vectors stored", n)
	}

	var calls [][2]int
	n, err := knowledge.EmbedMissing(ctx, f.store, f.store, f.llm, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil || n != 3 {
		t.Fatalf("EmbedMissing: %d, %v; want the 3 articles and FAQ entries", n, err)
	}
	if got := calls[len(calls)-1]; got != [2]int{3, 3} {
		t.Errorf("last progress %v", got)
	}
	if vecs, _ := f.store.Vectors(ctx, "test-embed"); len(vecs) != 3 {
		t.Errorf("%d vectors stored", len(vecs))
	}
	if sent := f.srv.Embeds()[0]; !slices.Contains(sent, "狗咬人谁负责？\n饲养人负责。") {
		t.Errorf("the FAQ entry was not embedded with its question: %q", sent)
	}

	before := f.embedRequests()
	if n, err := knowledge.EmbedMissing(ctx, f.store, f.store, f.llm, nil); err != nil || n != 0 || f.embedRequests() != before {
		t.Errorf("second run embedded %d in %d requests (%v)", n, f.embedRequests()-before, err)
	}

	chunks[0].Text = "禁止从建筑物中抛掷物品。造成他人损害的，由侵权人依法承担侵权责任。"
	if err := f.store.ReplaceSource(ctx, "code.jsonl", chunks, time.Now()); err != nil {
		t.Fatal(err)
	}
	before = len(f.srv.Embeds())
	if n, err := knowledge.EmbedMissing(ctx, f.store, f.store, f.llm, nil); err != nil || n != 1 {
		t.Errorf("after changing one article: embedded %d (%v)", n, err)
	}
	if got := f.srv.Embeds()[before:]; len(got) != 1 || !slices.Equal(got[0], []string{chunks[0].Text}) {
		t.Errorf("re-embedded %q", got)
	}

	noModel := llm.New(llm.Config{BaseURL: f.srv.URL, APIKey: "k", Model: "test-chat"}, nil, nil)
	if _, err := knowledge.EmbedMissing(ctx, f.store, f.store, noModel, nil); err == nil {
		t.Error("EmbedMissing without an embedding model did not say so")
	}
}

// TestHybridSearchesWhileReloading: searches run while the base reloads
// (an FAQ entry added in chat); run with -race.
func TestHybridSearchesWhileReloading(t *testing.T) {
	f := newHybridFixture(t, []knowledge.Chunk{
		article(1254, "禁止从建筑物中抛掷物品。"),
		article(1245, "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任。"),
	})
	f.embedAll()
	ctx := context.Background()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 5 {
			if err := f.kb.Reload(ctx); err != nil {
				t.Error(err)
			}
		}
	}()
	for range 5 {
		if res := f.kb.SearchContext(ctx, "", "狗咬人谁负责", 3); len(res.Articles) == 0 || res.Articles[0] != 1245 {
			t.Errorf("articles %v during reload", res.Articles)
		}
	}
	<-done
	if got := f.kb.Ranking(); got != "bm25+embeddings (model test-embed, 2 vectors)" {
		t.Errorf("after reloading: %q", got)
	}
}
