package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/internal/shareddata"
	"linli/knowledge"
	"linli/llm/llmtest"
	"linli/storage/sqlite"
)

// kbEnv points the LINLI_LLM_* variables at an llmtest server, with or
// without an embedding model, and returns the server.
func kbEnv(t *testing.T, embedModel string) *llmtest.Server {
	t.Helper()
	srv := llmtest.New(t)
	t.Setenv("LINLI_LLM_BASE_URL", srv.URL)
	t.Setenv("LINLI_LLM_API_KEY", "k")
	t.Setenv("LINLI_LLM_MODEL", "test-chat")
	t.Setenv("LINLI_LLM_EMBED_MODEL", embedModel)
	t.Setenv("LINLI_LLM_MAX_RETRIES", "-1")
	return srv
}

// kbRun runs `linli kb …` with no linli.yaml and returns the exit code,
// stdout and stderr.
func kbRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runKB(context.Background(), append(args[:1:1], append([]string{"--config", ""}, args[1:]...)...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

const kbArticles = `{"article": 1254, "book": "第七编 侵权责任", "chapter": "第十章 建筑物和物件损害责任", "text": "禁止从建筑物中抛掷物品。"}
{"article": 1245, "book": "第七编 侵权责任", "chapter": "第九章 饲养动物损害责任", "text": "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任。"}
{"article": 288, "book": "第二编 物权", "chapter": "第七章 相邻关系", "text": "不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。"}
`

const kbFAQ = `{"id": "dog", "question": "狗咬人谁负责？", "answer": "饲养人或者管理人负责。", "articles": [1245]}
`

// writeKB writes the material to import and returns its directory.
func writeKB(t *testing.T, articles string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{"code.jsonl": articles, "faq.jsonl": kbFAQ} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func countVectors(t *testing.T, dbPath, model string) int {
	t.Helper()
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, err := sqlite.NewKnowledgeStore(db).Vectors(context.Background(), model)
	if err != nil {
		t.Fatal(err)
	}
	return len(v)
}

func embeddedTexts(srv *llmtest.Server) int {
	n := 0
	for _, req := range srv.Embeds() {
		n += len(req)
	}
	return n
}

// TestKBImportEmbedsEachChunkOnce: with an embedding model configured,
// `kb import` stores one vector per article and FAQ entry; importing the
// same files again asks the server for nothing; a changed article alone
// is embedded again; `kb search` says it ranks hybrid.
func TestKBImportEmbedsEachChunkOnce(t *testing.T) {
	srv := kbEnv(t, "test-embed")
	dbPath := filepath.Join(t.TempDir(), "kb.db")
	dir := writeKB(t, kbArticles)

	code, out, errOut := kbRun(t, "import", "--db", dbPath, dir)
	if code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	if n := countVectors(t, dbPath, "test-embed"); n != 4 {
		t.Errorf("%d vectors after import, want 4 (3 articles, 1 FAQ entry)", n)
	}
	if n := embeddedTexts(srv); n != 4 {
		t.Errorf("%d texts embedded, want 4", n)
	}
	if !strings.Contains(out, "embeddings (test-embed): 4 chunks embedded") {
		t.Errorf("import output:\n%s", out)
	}

	requests := len(srv.Embeds())
	if code, out, errOut := kbRun(t, "import", "--db", dbPath, dir); code != 0 || len(srv.Embeds()) != requests {
		t.Errorf("second import: exit %d, %d embedding requests, want none\n%s%s", code, len(srv.Embeds())-requests, out, errOut)
	}
	if n := countVectors(t, dbPath, "test-embed"); n != 4 {
		t.Errorf("%d vectors after the second import", n)
	}

	changed := strings.Replace(kbArticles, "禁止从建筑物中抛掷物品。", "禁止从建筑物中抛掷物品。造成他人损害的，由侵权人依法承担侵权责任。", 1)
	if code, _, errOut := kbRun(t, "import", "--db", dbPath, writeKB(t, changed)); code != 0 {
		t.Fatalf("import of a changed article: exit %d\n%s", code, errOut)
	}
	got := srv.Embeds()[requests:]
	if len(got) != 1 || len(got[0]) != 1 || !strings.Contains(got[0][0], "由侵权人依法承担侵权责任") {
		t.Errorf("after changing one article the server was asked %q", got)
	}

	code, out, errOut = kbRun(t, "search", "--db", dbPath, "楼上扔东西砸到人谁负责")
	if code != 0 || !strings.Contains(out, "ranking: bm25+embeddings (model test-embed, 4 vectors)\n") || !strings.Contains(out, "第1254条") {
		t.Errorf("search: exit %d\n%s%s", code, out, errOut)
	}
}

// TestKBEmbedCommand: `kb embed` says clearly when no embedding model is
// configured (exit 2); with one it embeds material imported without it.
func TestKBEmbedCommand(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "kb.db")
	srv := kbEnv(t, "")
	if code, out, errOut := kbRun(t, "import", "--db", dbPath, writeKB(t, kbArticles)); code != 0 || len(srv.Embeds()) != 0 {
		t.Fatalf("import without an embedding model: exit %d, %d embedding requests\n%s%s", code, len(srv.Embeds()), out, errOut)
	}
	code, out, errOut := kbRun(t, "embed", "--db", dbPath)
	if code != 2 || !strings.Contains(errOut, "no embedding model is configured") || !strings.Contains(errOut, "llm.embed_model") {
		t.Errorf("embed without a model: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := kbRun(t, "search", "--db", dbPath, "狗咬人谁负责"); code != 0 || !strings.Contains(out, "ranking: bm25\n") {
		t.Errorf("search without a model: exit %d\n%s", code, out)
	}

	t.Setenv("LINLI_LLM_EMBED_MODEL", "test-embed")
	if code, out, _ := kbRun(t, "search", "--db", dbPath, "狗咬人谁负责"); code != 0 || !strings.Contains(out, "no stored vectors") || len(srv.Embeds()) != 0 {
		t.Errorf("search before embedding: exit %d, %d embedding requests\n%s", code, len(srv.Embeds()), out)
	}
	code, out, errOut = kbRun(t, "embed", "--db", dbPath)
	if code != 0 || !strings.Contains(out, "4 chunks embedded") || !strings.Contains(errOut, "4/4") {
		t.Errorf("embed: exit %d\n%s%s", code, out, errOut)
	}
	if n := countVectors(t, dbPath, "test-embed"); n != 4 {
		t.Errorf("%d vectors after kb embed", n)
	}
	if code, out, _ := kbRun(t, "embed", "--db", dbPath); code != 0 || !strings.Contains(out, "already has a vector") {
		t.Errorf("embed again: exit %d\n%s", code, out)
	}

	// The embedding model going away: the question is ranked by BM25 and
	// the output says so.
	srv.Models("test-chat")
	if code, out, errOut := kbRun(t, "search", "--db", dbPath, "狗咬人谁负责"); code != 0 || !strings.Contains(out, "ranking: bm25 (embedding the question failed") {
		t.Errorf("search with the embeddings failing: exit %d\n%s%s", code, out, errOut)
	}
	changed := strings.Replace(kbArticles, "禁止从建筑物中抛掷物品。", "禁止从建筑物中抛掷物品或者倾倒垃圾。", 1)
	code, out, errOut = kbRun(t, "import", "--db", dbPath, writeKB(t, changed))
	if code != 1 || !strings.Contains(errOut, "the files are imported, but embedding them failed") || !strings.Contains(out, "code.jsonl: 3") {
		t.Errorf("import with the embeddings failing: exit %d\n%s%s", code, out, errOut)
	}
}

// evalFixture imports the test articles into a new store and writes one
// labelled question (art. 1254 answers it); it returns both paths.
func evalFixture(t *testing.T) (dbPath, data string) {
	t.Helper()
	dbPath = filepath.Join(t.TempDir(), "kb.db")
	if code, _, errOut := kbRun(t, "import", "--db", dbPath, writeKB(t, kbArticles)); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	data = filepath.Join(t.TempDir(), "eval.jsonl")
	if err := os.WriteFile(data, []byte(`{"question": "楼上扔东西砸到人谁负责", "articles": [1254]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dbPath, data
}

// TestEvalLegalSaysWhichRanking: `linli eval legal --db` ranks the way
// residents' questions are ranked, says which ranking that is, and how
// often a reply below the threshold names an area of law.
func TestEvalLegalSaysWhichRanking(t *testing.T) {
	kbEnv(t, "test-embed")
	dbPath, data := evalFixture(t)
	var stdout, stderr bytes.Buffer
	code := runEval(context.Background(), []string{"legal", "--config", "", "--data", data, "--db", dbPath}, &stdout, &stderr)
	if code != 0 || !strings.Contains(stdout.String(), "ranking: bm25+embeddings (model test-embed, 4 vectors)\n") {
		t.Errorf("eval legal: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "below it, no article: area of law named for ") {
		t.Errorf("eval legal does not say how often an abstention names an area:\n%s", stdout.String())
	}
	stdout.Reset()
	t.Setenv("LINLI_LLM_EMBED_MODEL", "")
	if code := runEval(context.Background(), []string{"legal", "--config", "", "--data", data, "--db", dbPath}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "ranking: bm25\n") {
		t.Errorf("eval legal without a model: exit %d\n%s", code, stdout.String())
	}
}

func TestKBImportOfAFolderWithJunkImportsNothing(t *testing.T) {
	for name, junk := range map[string][]byte{
		"notes.txt":    {0xff, 0xfe, 0x00, 0x41, 0x00}, // UTF-16, not UTF-8
		"items.tsv":    []byte("这一行没有类别\n这一行也没有\n电池\t有害垃圾\n"),
		"broken.jsonl": []byte("{\"article\": 1, \"text\": \n"),
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeKB(t, kbArticles)
			if err := os.WriteFile(filepath.Join(dir, name), junk, 0o644); err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(t.TempDir(), "kb.db")
			code, _, stderr := kbRun(t, "import", "--db", db, dir)
			if code != 2 || !strings.Contains(stderr, name) || !strings.Contains(stderr, "nothing imported") {
				t.Fatalf("exit %d, stderr %q; want 2, naming %s, nothing imported", code, stderr, name)
			}
			_, list, _ := kbRun(t, "list", "--db", db)
			if strings.Contains(list, "code.jsonl") || strings.Contains(list, "faq.jsonl") {
				t.Errorf("the good files were imported beside the bad one:\n%s", list)
			}
		})
	}
}

// TestEvalLegalWithTheModel: `linli eval legal --model` measures the
// articles in the order the chat model gives them, as residents would get
// them; a model that finds no answer withholds the article; with no chat
// model configured it says so and exits 2.
func TestEvalLegalWithTheModel(t *testing.T) {
	srv := kbEnv(t, "")
	dbPath, data := evalFixture(t)
	eval := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := runEval(context.Background(), append([]string{"legal", "--config", "", "--data", data, "--db", dbPath}, args...), &stdout, &stderr)
		return code, stdout.String() + stderr.String()
	}
	if code, out := eval(); code != 0 || !strings.Contains(out, "Hit@1 1.000") {
		t.Fatalf("the rules alone: exit %d\n%s", code, out)
	}
	model := func(answerable bool, ranking ...int) {
		ranking = append([]int{}, ranking...) // a list, even when empty
		srv.Answer(func(r llmtest.ChatRequest) llmtest.Reply {
			if strings.Contains(r.Messages[0].Content, "候选法条") {
				return llmtest.JSON(map[string]any{"answerable": answerable, "ranking": ranking})
			}
			return llmtest.JSON(map[string]any{"question": "相邻关系", "terms": []string{"相邻"}})
		})
	}
	model(true, 288, 1254)
	if code, out := eval("--model"); code != 0 || !strings.Contains(out, "Hit@1 0.000") || !strings.Contains(out, "Hit@3 1.000") ||
		!strings.Contains(out, "0 calls failed") {
		t.Errorf("a model that puts art. 288 first: exit %d\n%s", code, out)
	}
	model(false)
	if code, out := eval("--model"); code != 0 || !strings.Contains(out, "1 withheld") || !strings.Contains(out, "coverage 0.000") {
		t.Errorf("a model that finds no answer: exit %d\n%s", code, out)
	}
	t.Setenv("LINLI_LLM_MODEL", "")
	t.Setenv("LINLI_LLM_BASE_URL", "")
	if code, out := eval("--model"); code != 2 || !strings.Contains(out, "--model") {
		t.Errorf("no chat model configured: exit %d\n%s", code, out)
	}
}

// TestKBSearchAsACommunitysResident: `linli kb search --community` shows
// what that community's residents would find, its own entries included;
// without it, or as another community's resident, the entry is not there.
func TestKBSearchAsACommunitysResident(t *testing.T) {
	kbEnv(t, "")
	dbPath, _ := evalFixture(t)
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	entry := knowledge.Chunk{Source: knowledge.CommunitySource, Kind: knowledge.KindFAQ, Key: "m1", Path: "锦霞社区",
		Question: "社区活动室几点开门？", Text: "每天8:00到20:00开放。"}
	_, err = sqlite.NewKnowledgeStore(db).PutChunk(context.Background(), entry, time.Now())
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		community string
		finds     bool
	}{{"锦霞社区", true}, {"翠苑社区", false}, {"", false}} {
		code, out, errOut := kbRun(t, "search", "--db", dbPath, "--community", c.community, "活动室几点开门")
		if code != 0 || strings.Contains(out, entry.Question) != c.finds {
			t.Errorf("searching as a resident of %q: exit %d, finds the entry %v, want %v\n%s%s",
				c.community, code, !c.finds, c.finds, out, errOut)
		}
	}
}

// TestKBSearchShowsTheExamplesThatLent: `linli kb search` names the
// example questions that lent their articles to the ranking, so an
// operator can see why an article came first; a question like none of
// them shows none.
func TestKBSearchShowsTheExamplesThatLent(t *testing.T) {
	kbEnv(t, "")
	dbPath, _ := evalFixture(t)
	code, out, errOut := kbRun(t, "search", "--db", dbPath, "我家狗拴着绳子被一个小孩逗急了咬了他一口家长要我全赔")
	if code != 0 || !strings.Contains(out, "example: ") || !strings.Contains(out, "→ 第1245条") {
		t.Errorf("kb search: exit %d, want an example line lending 第1245条\n%s%s", code, out, errOut)
	}
	code, out, errOut = kbRun(t, "search", "--db", dbPath, "活动室几点开门")
	if code != 0 || strings.Contains(out, "example: ") {
		t.Errorf("kb search of a question like no example: exit %d\n%s%s", code, out, errOut)
	}
}

// TestImportedCodeIsCitedToResidents: on the built-in material a resident's
// everyday question its entries do not cover word for word is answered
// with its area of law and no article; once the Civil Code is imported
// (README, "Running it for real"), the same question is answered with
// the article it rests on.
func TestImportedCodeIsCitedToResidents(t *testing.T) {
	const script = "@now 2026-11-24 08:00\n[私聊] 孙婆婆: 儿子不给赡养费 我七十多了没收入\n"
	code, before, errOut := runSimScript(t, script)
	if code != 0 {
		t.Fatalf("sim on the built-in material: exit %d: %s", code, errOut)
	}
	if strings.Contains(before, "第一千零六十七条") || !strings.Contains(before, "「婚姻家庭」") {
		t.Errorf("on the built-in material the reply should name the area and cite nothing:\n%s", before)
	}
	db := filepath.Join(t.TempDir(), "linli.db")
	if code, _, errOut := kbRun(t, "import", "--db", db, shareddata.Path(t, "civil_code.jsonl")); code != 0 {
		t.Fatalf("kb import: exit %d: %s", code, errOut)
	}
	code, after, errOut := runSimScript(t, script, "--db", db)
	if code != 0 {
		t.Fatalf("sim with the Code imported: exit %d: %s", code, errOut)
	}
	if !strings.Contains(after, "第一千零六十七条") {
		t.Errorf("with the Code imported the reply should cite article 1067:\n%s", after)
	}
}

// TestKBImportSaysWhichLineIsBad: a Code file with one bad line imports
// nothing and names the line (README, "Import the Civil Code").
func TestKBImportSaysWhichLineIsBad(t *testing.T) {
	dir := t.TempDir()
	code := filepath.Join(dir, "code.jsonl")
	lines := strings.SplitAfter(kbArticles, "\n")
	body := lines[0] + lines[1] + "{\"article\": 3, \"text\": \n"
	if err := os.WriteFile(code, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "kb.db")
	exit, _, stderr := kbRun(t, "import", "--db", db, code)
	if exit != 2 || !strings.Contains(stderr, "line 3") || !strings.Contains(stderr, "nothing imported") {
		t.Fatalf("exit %d, stderr %q; want 2, naming line 3, nothing imported", exit, stderr)
	}
	if _, list, _ := kbRun(t, "list", "--db", db); strings.Contains(list, "code.jsonl") {
		t.Errorf("the good lines were imported:\n%s", list)
	}
}
