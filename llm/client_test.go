package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/llm"
	"linli/llm/llmtest"
	"linli/prompts"
)

// fixture is a client wired to a scripted server, a simulated clock, a
// captured log and a recorded (not slept) backoff.
type fixture struct {
	srv   *llmtest.Server
	llm   *llm.Client
	clock *bot.SimClock
	log   *bytes.Buffer

	mu    sync.Mutex
	waits []time.Duration
}

func newFixture(t *testing.T, adjust func(*llm.Config)) *fixture {
	t.Helper()
	f := &fixture{srv: llmtest.New(t), log: &bytes.Buffer{},
		clock: bot.NewSimClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))}
	cfg := llm.Config{BaseURL: f.srv.URL, APIKey: "test-key", Model: "test-chat", EmbedModel: "test-embed", Timeout: 2 * time.Second}
	if adjust != nil {
		adjust(&cfg)
	}
	logger := slog.New(slog.NewJSONHandler(&syncWriter{w: f.log}, nil))
	f.llm = llm.New(cfg, f.clock, logger, llm.WithSleep(func(ctx context.Context, d time.Duration) error {
		f.mu.Lock()
		f.waits = append(f.waits, d)
		f.mu.Unlock()
		return ctx.Err()
	}))
	return f
}

func (f *fixture) slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

const request = "我家老人腿脚不便，明天上午想找人帮忙去医院拿药，住3号楼2单元301，电话13812345678"

func goodTask() llmtest.Reply {
	return llmtest.JSON(map[string]any{
		"category": "陪诊就医", "what": "帮老人去医院拿药", "when": "明天上午",
		"place": "[房号1]", "urgency": "一般", "skills": []string{},
	})
}

func TestExtractTaskGoodAnswer(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.Push(goodTask())

	got, err := f.llm.ExtractTask(context.Background(), request)
	if err != nil {
		t.Fatal(err)
	}
	want := llm.TaskExtraction{Category: "陪诊就医", What: "帮老人去医院拿药", When: "明天上午",
		Place: "3号楼2单元301", Urgency: "一般", Skills: []string{}}
	if g, w := mustJSON(got), mustJSON(want); g != w {
		t.Errorf("extraction\n got %s\nwant %s", g, w)
	}
	chats := f.srv.Chats()
	if len(chats) != 1 {
		t.Fatalf("%d requests, want 1", len(chats))
	}
	if chats[0].FormatType() != "json_schema" {
		t.Errorf("response_format %q, want json_schema", chats[0].FormatType())
	}
	if strings.Contains(chats[0].Raw, "13812345678") || strings.Contains(chats[0].Raw, "2单元301") {
		t.Errorf("personal numbers left the machine: %s", chats[0].Raw)
	}
	if !strings.Contains(chats[0].LastUser(), "[电话1]") || !strings.Contains(chats[0].LastUser(), "[房号1]") {
		t.Errorf("placeholders missing from the request: %s", chats[0].LastUser())
	}
	if n := f.llm.Metrics().Count("chat", prompts.NameTaskExtraction, llm.OutcomeOK); n != 1 {
		t.Errorf("ok calls counted %d, want 1", n)
	}
}

func TestEveryCallIsLoggedWithoutTheResidentsText(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.Push(goodTask())
	if _, err := f.llm.ExtractTask(context.Background(), request); err != nil {
		t.Fatal(err)
	}
	var line map[string]any
	if err := json.Unmarshal(bytes.TrimSpace(f.log.Bytes()), &line); err != nil {
		t.Fatalf("log is not one JSON line: %v\n%s", err, f.log)
	}
	for k, want := range map[string]any{"model": "test-chat", "prompt": "task_extraction",
		"version": "task_extraction/2026-11-24.1", "outcome": "ok"} {
		if line[k] != want {
			t.Errorf("log %s = %v, want %v", k, line[k], want)
		}
	}
	for _, k := range []string{"latency_ms", "prompt_tokens", "completion_tokens"} {
		if _, ok := line[k]; !ok {
			t.Errorf("log has no %s: %s", k, f.log)
		}
	}
	if line["prompt_tokens"].(float64) <= 0 {
		t.Errorf("prompt tokens not recorded: %s", f.log)
	}
	if strings.Contains(f.log.String(), "腿脚") || strings.Contains(f.log.String(), "13812345678") {
		t.Errorf("the log holds the resident's words: %s", f.log)
	}
}

// Each scripted fault ends in a clean error the caller can fall back on,
// after the right number of requests and no more.
func TestFaultsEndInACleanFallback(t *testing.T) {
	wrongTypes := llmtest.JSON(map[string]any{"category": "陪诊就医", "what": 42, "when": "", "place": "",
		"urgency": "一般", "skills": "开车"})
	cases := []struct {
		name     string
		script   []llmtest.Reply
		want     error
		requests int
		waits    []time.Duration
	}{
		{"invalid JSON twice", []llmtest.Reply{llmtest.InvalidJSON(), llmtest.InvalidJSON()}, llm.ErrInvalidOutput, 2, nil},
		{"wrong types twice", []llmtest.Reply{wrongTypes, wrongTypes}, llm.ErrInvalidOutput, 2, nil},
		{"category not in the list", []llmtest.Reply{
			llmtest.JSON(map[string]any{"category": "管理员任务", "what": "x", "when": "", "place": "", "urgency": "一般", "skills": []string{}}),
			llmtest.JSON(map[string]any{"category": "管理员任务", "what": "x", "when": "", "place": "", "urgency": "一般", "skills": []string{}}),
		}, llm.ErrInvalidOutput, 2, nil},
		{"empty what", []llmtest.Reply{
			llmtest.JSON(map[string]any{"category": "其他", "what": " ", "when": "", "place": "", "urgency": "一般", "skills": []string{}}),
		}, llm.ErrInvalidOutput, 1, nil},
		{"500 every time", []llmtest.Reply{llmtest.ServerError(), llmtest.ServerError(), llmtest.ServerError()},
			llm.ErrUnavailable, 3, []time.Duration{500 * time.Millisecond, time.Second}},
		{"429 every time", []llmtest.Reply{llmtest.RateLimited("1"), llmtest.RateLimited("1"), llmtest.RateLimited("1")},
			llm.ErrUnavailable, 3, []time.Duration{time.Second, time.Second}},
		{"429 asking to wait past the timeout", []llmtest.Reply{llmtest.RateLimited("60")}, llm.ErrUnavailable, 1, nil},
		{"401 bad key", []llmtest.Reply{{Status: 401, Error: "Incorrect API key"}}, llm.ErrRejected, 1, nil},
		{"400 bad request", []llmtest.Reply{{Status: 400, Error: "messages too long"}}, llm.ErrRejected, 1, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.srv.Push(c.script...)
			f.srv.Answer(func(llmtest.ChatRequest) llmtest.Reply { return goodTask() }) // never reached
			got, err := f.llm.ExtractTask(context.Background(), request)
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			if got.Category != "" || got.What != "" {
				t.Errorf("a failed call returned data: %+v", got)
			}
			if n := len(f.srv.Chats()); n != c.requests {
				t.Errorf("%d requests, want %d", n, c.requests)
			}
			if w := f.slept(); !equalDurations(w, c.waits) {
				t.Errorf("waited %v, want %v", w, c.waits)
			}
		})
	}
}

func TestRecoveries(t *testing.T) {
	cases := []struct {
		name     string
		script   []llmtest.Reply
		requests int
		waits    []time.Duration
		repairs  int64
	}{
		{"invalid JSON repaired", []llmtest.Reply{llmtest.InvalidJSON(), goodTask()}, 2, nil, 1},
		{"extra field repaired", []llmtest.Reply{
			llmtest.JSON(map[string]any{"category": "陪诊就医", "what": "拿药", "when": "", "place": "", "urgency": "一般", "skills": []string{}, "role": "admin"}),
			goodTask()}, 2, nil, 1},
		{"429 then good, Retry-After honoured", []llmtest.Reply{llmtest.RateLimited("1.5"), goodTask()}, 2, []time.Duration{1500 * time.Millisecond}, 0},
		{"500 then good, backoff", []llmtest.Reply{llmtest.ServerError(), goodTask()}, 2, []time.Duration{500 * time.Millisecond}, 0},
		{"fenced JSON accepted", []llmtest.Reply{llmtest.Good("```json\n" + goodTask().Content + "\n```")}, 1, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.srv.Push(c.script...)
			got, err := f.llm.ExtractTask(context.Background(), request)
			if err != nil {
				t.Fatal(err)
			}
			if got.Category != "陪诊就医" {
				t.Errorf("category %q", got.Category)
			}
			if n := len(f.srv.Chats()); n != c.requests {
				t.Errorf("%d requests, want %d", n, c.requests)
			}
			if w := f.slept(); !equalDurations(w, c.waits) {
				t.Errorf("waited %v, want %v", w, c.waits)
			}
			if n := f.llm.Metrics().Samples(); sample(n, "linli_llm_repairs_total") != c.repairs {
				t.Errorf("repairs %d, want %d", sample(n, "linli_llm_repairs_total"), c.repairs)
			}
		})
	}
}

func TestRepairRoundTellsTheModelWhatWasWrong(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.Push(llmtest.JSON(map[string]any{"category": "陪诊就医", "what": 42}), goodTask())
	if _, err := f.llm.ExtractTask(context.Background(), request); err != nil {
		t.Fatal(err)
	}
	repair := f.srv.Chats()[1]
	if n := len(repair.Messages); n != 4 {
		t.Fatalf("repair request has %d messages, want system, user, assistant, user", n)
	}
	if repair.Messages[2].Role != "assistant" || !strings.Contains(repair.Messages[2].Content, `"what":42`) {
		t.Errorf("repair does not show the bad reply: %+v", repair.Messages[2])
	}
	if !strings.Contains(repair.LastUser(), "不符合要求") {
		t.Errorf("repair instruction: %q", repair.LastUser())
	}
}

// A slow server costs the resident at most the timeout, however long it
// would have taken.
func TestSlowServerTimesOut(t *testing.T) {
	f := newFixture(t, func(c *llm.Config) { c.Timeout = 150 * time.Millisecond })
	f.srv.Push(llmtest.Slow(time.Minute, goodTask()))
	start := time.Now()
	_, err := f.llm.ExtractTask(context.Background(), request)
	elapsed := time.Since(start)
	if !errors.Is(err, llm.ErrTimeout) {
		t.Fatalf("error %v, want ErrTimeout", err)
	}
	if elapsed > 5*time.Second {
		t.Errorf("waited %s for a 150ms timeout", elapsed)
	}
	if n := f.llm.Metrics().Count("chat", prompts.NameTaskExtraction, llm.OutcomeTimeout); n != 1 {
		t.Errorf("timeouts counted %d, want 1", n)
	}
}

func TestCallerCancellationIsNotATimeout(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.Push(llmtest.Slow(time.Minute, goodTask()))
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for len(f.srv.Chats()) == 0 {
			time.Sleep(time.Millisecond) // waits for the request to arrive, not for time to pass
		}
		cancel()
	}()
	_, err := f.llm.ExtractTask(ctx, request)
	if !errors.Is(err, context.Canceled) || errors.Is(err, llm.ErrTimeout) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestServerWithoutJSONSchemaFallsBackOnce(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.RejectFormat("json_schema")
	f.srv.Answer(func(llmtest.ChatRequest) llmtest.Reply { return goodTask() })
	for i := 0; i < 2; i++ {
		if _, err := f.llm.ExtractTask(context.Background(), request); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	var formats []string
	for _, c := range f.srv.Chats() {
		formats = append(formats, c.FormatType())
	}
	if got := strings.Join(formats, ","); got != "json_schema,json_object,json_object" {
		t.Errorf("formats sent %s, want json_schema then json_object for good", got)
	}
	if !strings.Contains(f.srv.Chats()[1].Messages[0].Content, `"additionalProperties":false`) {
		t.Error("in json_object mode the schema must be in the instructions")
	}
}

func TestServerWithoutAnyResponseFormatGetsPlainInstructions(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.RejectFormat("json_schema")
	f.srv.RejectFormat("json_object")
	f.srv.Answer(func(llmtest.ChatRequest) llmtest.Reply { return goodTask() })
	if _, err := f.llm.ExtractTask(context.Background(), request); err != nil {
		t.Fatal(err)
	}
	chats := f.srv.Chats()
	if len(chats) != 3 || chats[2].FormatType() != "" {
		t.Errorf("want 3 requests ending with no response_format, got %d", len(chats))
	}
}

func TestNotConfiguredNeverPanics(t *testing.T) {
	ctx := context.Background()
	for name, c := range map[string]*llm.Client{
		"nil client":   nil,
		"empty config": llm.New(llm.Config{}, nil, nil),
		"no model":     llm.New(llm.Config{BaseURL: "http://127.0.0.1:1/v1", APIKey: "k"}, nil, nil),
	} {
		t.Run(name, func(t *testing.T) {
			if c.Enabled() {
				t.Fatal("should not be enabled")
			}
			if _, err := c.ExtractTask(ctx, "求助 买菜"); !errors.Is(err, llm.ErrNotConfigured) {
				t.Errorf("ExtractTask: %v", err)
			}
			if _, err := c.ClassifyIntent(ctx, "打卡"); !errors.Is(err, llm.ErrNotConfigured) {
				t.Errorf("ClassifyIntent: %v", err)
			}
			if _, err := c.GroundedAnswer(ctx, "q", []llm.Passage{{Article: 1}}); !errors.Is(err, llm.ErrNotConfigured) {
				t.Errorf("GroundedAnswer: %v", err)
			}
			if _, err := c.Embed(ctx, []string{"a"}); !errors.Is(err, llm.ErrNotConfigured) {
				t.Errorf("Embed: %v", err)
			}
			var out struct{ A string }
			if err := c.JSON(ctx, prompts.Prompt{Name: "x"}, &out); !errors.Is(err, llm.ErrNotConfigured) {
				t.Errorf("JSON: %v", err)
			}
			if !strings.HasPrefix(c.Status(), "LLM off") {
				t.Errorf("status %q", c.Status())
			}
		})
	}
}

func TestDailyBudgetPerCommunity(t *testing.T) {
	f := newFixture(t, func(c *llm.Config) { c.DailyTokenBudget = 100 })
	f.srv.Answer(func(llmtest.ChatRequest) llmtest.Reply { return goodTask() })
	jinxia := llm.ForCommunity(context.Background(), "锦霞社区")
	other := llm.ForCommunity(context.Background(), "翠苑社区")

	// One extraction costs several hundred (fake) tokens: the first call
	// goes through, the second finds the day spent.
	if _, err := f.llm.ExtractTask(jinxia, request); err != nil {
		t.Fatal(err)
	}
	if _, err := f.llm.ExtractTask(jinxia, request); !errors.Is(err, llm.ErrBudgetExhausted) {
		t.Fatalf("second call: %v, want ErrBudgetExhausted", err)
	}
	if n := len(f.srv.Chats()); n != 1 {
		t.Errorf("an exhausted budget still sent a request (%d requests)", n)
	}
	if _, err := f.llm.ExtractTask(other, request); err != nil {
		t.Errorf("another community's budget is separate: %v", err)
	}
	// 08:00 UTC is 16:00 in Shanghai; at 16:01 UTC it is the next day there.
	f.clock.Advance(8*time.Hour + time.Minute)
	if _, err := f.llm.ExtractTask(jinxia, request); err != nil {
		t.Errorf("a new day brings a new budget: %v", err)
	}
}

// TestBudgetSpentIsTold: a call refused for a spent day tells who
// listens which community and day; calls that go through do not.
func TestBudgetSpentIsTold(t *testing.T) {
	srv := llmtest.New(t)
	srv.Answer(func(llmtest.ChatRequest) llmtest.Reply { return goodTask() })
	var told []string
	c := llm.New(llm.Config{BaseURL: srv.URL, APIKey: "k", Model: "m", DailyTokenBudget: 100}, nil, nil,
		llm.WithBudgetSpent(func(community, day string) { told = append(told, community+" "+day) }))
	jinxia := llm.ForCommunity(context.Background(), "锦霞社区")
	if _, err := c.ExtractTask(jinxia, request); err != nil {
		t.Fatal(err)
	}
	if len(told) != 0 {
		t.Fatalf("told %q before the budget was spent", told)
	}
	if _, err := c.ExtractTask(jinxia, request); !errors.Is(err, llm.ErrBudgetExhausted) {
		t.Fatalf("second call: %v, want ErrBudgetExhausted", err)
	}
	if len(told) != 1 || !strings.HasPrefix(told[0], "锦霞社区 20") {
		t.Errorf("told %q, want 锦霞社区 and the day", told)
	}
}

func TestBudgetCommunityFromTheCallersContext(t *testing.T) {
	type turnKey struct{}
	srv := llmtest.New(t)
	srv.Answer(func(llmtest.ChatRequest) llmtest.Reply { return goodTask() })
	c := llm.New(llm.Config{BaseURL: srv.URL, APIKey: "k", Model: "m", DailyTokenBudget: 100}, nil, nil,
		llm.WithCommunityOf(func(ctx context.Context) string { s, _ := ctx.Value(turnKey{}).(string); return s }))
	jinxia := context.WithValue(context.Background(), turnKey{}, "锦霞社区")
	if _, err := c.ExtractTask(jinxia, request); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExtractTask(jinxia, request); !errors.Is(err, llm.ErrBudgetExhausted) {
		t.Errorf("second call for 锦霞社区: %v, want ErrBudgetExhausted", err)
	}
	if _, err := c.ExtractTask(context.WithValue(context.Background(), turnKey{}, "翠苑社区"), request); err != nil {
		t.Errorf("翠苑社区 has its own budget: %v", err)
	}
}

func TestClassifyIntent(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.Push(llmtest.JSON(map[string]string{"intent": "question_garbage"}))
	got, err := f.llm.ClassifyIntent(context.Background(), "@社区小助手 电池是什么垃圾")
	if err != nil {
		t.Fatal(err)
	}
	if got != llm.IntentGarbageQuestion {
		t.Errorf("intent %q", got)
	}
	f.srv.Push(llmtest.JSON(map[string]string{"intent": "admin"}), llmtest.JSON(map[string]string{"intent": "set_role"}))
	if got, err := f.llm.ClassifyIntent(context.Background(), "把我设为管理员"); !errors.Is(err, llm.ErrInvalidOutput) {
		t.Errorf("an intent outside the list gave %q, %v", got, err)
	}
}

var passages = []llm.Passage{
	{Law: "民法典", Article: 1165, Text: "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。"},
	{Law: "民法典", Article: 296, Text: "不动产权利人因用水、排水、通行、铺设管线等利用相邻不动产的，应当尽量避免对相邻的不动产权利人造成损害。"},
}

func answer(text string, cites ...int) llmtest.Reply {
	if cites == nil {
		cites = []int{}
	}
	return llmtest.JSON(map[string]any{"answerable": true, "answer": text, "citations": cites})
}

func TestGroundedAnswer(t *testing.T) {
	cases := []struct {
		name  string
		reply llmtest.Reply
		want  error
	}{
		{"grounded", answer("楼上漏水造成损害，有过错的一方应当赔偿（《民法典》第1165条）。", 1165), nil},
		{"grounded, article only in the citations", answer("有过错的一方应当赔偿。", 1165), nil},
		{"chinese numerals of a given article", answer("依据第一千一百六十五条，应当赔偿。", 1165), nil},
		{"cites an article not given", answer("应当赔偿。", 1165, 1254), llm.ErrUngrounded},
		{"mentions an article not given", answer("依据第1254条，物业要负责。", 1165), llm.ErrUngrounded},
		{"mentions one in chinese numerals", answer("依据第一千二百五十四条，物业要负责。", 1165), llm.ErrUngrounded},
		{"cites nothing", answer("应当赔偿。"), llm.ErrUngrounded},
		{"says it cannot answer", llmtest.JSON(map[string]any{"answerable": false, "answer": "", "citations": []int{}}), llm.ErrUnanswerable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.srv.Push(c.reply)
			got, err := f.llm.GroundedAnswer(context.Background(), "楼上漏水把我家淹了，谁来赔？", passages)
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			if c.want != nil {
				if got.Text != "" {
					t.Errorf("a rejected answer came back: %+v", got)
				}
				return
			}
			if got.Text == "" || len(got.Citations) != 1 || got.Citations[0] != 1165 {
				t.Errorf("answer %+v", got)
			}
			if refs := llm.ArticlesMentioned(got.Text); len(refs) == 0 || refs[0] != 1165 {
				t.Errorf("the answer does not name its article: %q", got.Text)
			}
		})
	}
}

func TestGroundedAnswerWithoutPassagesAsksNobody(t *testing.T) {
	f := newFixture(t, nil)
	if _, err := f.llm.GroundedAnswer(context.Background(), "遗嘱怎么写", nil); !errors.Is(err, llm.ErrUnanswerable) {
		t.Fatalf("error %v", err)
	}
	if n := len(f.srv.Chats()); n != 0 {
		t.Errorf("%d requests for nothing to ground on", n)
	}
}

func TestEmbedBatchesAndKeepsOrder(t *testing.T) {
	f := newFixture(t, nil)
	var texts []string
	for i := 0; i < 23; i++ {
		texts = append(texts, strings.Repeat("垃圾分类", i%3+1)+string(rune('甲'+i)))
	}
	texts[5] = "我的电话13812345678"
	vecs, err := f.llm.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != len(texts) {
		t.Fatalf("%d vectors for %d texts", len(vecs), len(texts))
	}
	batches := f.srv.Embeds()
	if len(batches) != 3 || len(batches[0]) != llm.EmbedBatch || len(batches[2]) != 3 {
		t.Errorf("batch sizes wrong: %d batches", len(batches))
	}
	for i, tx := range texts {
		if i == 5 {
			continue
		}
		if want := llmtest.Vector(tx, 16); !equalVec(vecs[i], want) {
			t.Errorf("vector %d is not the one for %q", i, tx)
		}
	}
	if batches[0][5] != "我的电话[电话1]" {
		t.Errorf("embedding input not masked: %q", batches[0][5])
	}
}

func TestEmbedWithoutEmbeddingModel(t *testing.T) {
	f := newFixture(t, func(c *llm.Config) { c.EmbedModel = "" })
	if _, err := f.llm.Embed(context.Background(), []string{"x"}); !errors.Is(err, llm.ErrNotConfigured) {
		t.Fatalf("error %v", err)
	}
}

func TestMetricsCountCallsByOutcomeAndRetries(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.Push(goodTask(), llmtest.ServerError(), llmtest.ServerError(), llmtest.ServerError())
	f.llm.ExtractTask(context.Background(), request)
	f.llm.ExtractTask(context.Background(), request)
	m := f.llm.Metrics()
	if n := m.Count("chat", prompts.NameTaskExtraction, llm.OutcomeOK); n != 1 {
		t.Errorf("ok calls %d, want 1", n)
	}
	if n := m.Count("chat", prompts.NameTaskExtraction, llm.OutcomeUnavailable); n != 1 {
		t.Errorf("unavailable calls %d, want 1", n)
	}
	if n := sample(m.Samples(), "linli_llm_retries_total"); n != 2 {
		t.Errorf("retries %d, want 2", n)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalVec(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sample(s []llm.Sample, name string) int64 {
	for _, x := range s {
		if x.Name == name {
			return x.Value
		}
	}
	return -1
}

// Reasoning models refuse max_tokens and temperature; the request is
// shaped for them instead of failing before it is sent.
func TestReasoningModelRequestIsAccepted(t *testing.T) {
	f := newFixture(t, func(c *llm.Config) { c.Model = "o3-mini" })
	f.srv.Push(goodTask())
	if _, err := f.llm.ExtractTask(context.Background(), request); err != nil {
		t.Fatal(err)
	}
	chats := f.srv.Chats()
	if len(chats) != 1 || strings.Contains(chats[0].Raw, `"max_tokens"`) || !strings.Contains(chats[0].Raw, `"max_completion_tokens"`) {
		t.Errorf("request for a reasoning model: %d requests, body %s", len(chats), chats[0].Raw)
	}
}

func TestConnectionRefusedIsRetriedThenUnavailable(t *testing.T) {
	f := newFixture(t, func(c *llm.Config) { c.BaseURL = closedAddress(t) })
	_, err := f.llm.ExtractTask(context.Background(), request)
	if !errors.Is(err, llm.ErrUnavailable) {
		t.Fatalf("error %v, want ErrUnavailable", err)
	}
	if w := f.slept(); len(w) != 2 {
		t.Errorf("retried %d times, want 2", len(w))
	}
}
