package llm_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"linli/llm"
	"linli/llm/llmtest"
)

// closedAddress is a local address nobody listens on.
func closedAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/v1"
}

func TestCheckSaysWhatIsWrong(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(s *llmtest.Server, c *llm.Config)
		ok     bool
		phrase string
	}{
		{"works", func(s *llmtest.Server, c *llm.Config) {
			s.Answer(func(llmtest.ChatRequest) llmtest.Reply { return llmtest.Good(`{"ok":true}`) })
		}, true, "向量模型可用：test-embed，维度 16"},
		{"works without json_schema", func(s *llmtest.Server, c *llm.Config) {
			s.RejectFormat("json_schema")
			s.Answer(func(llmtest.ChatRequest) llmtest.Reply { return llmtest.Good(`{"ok":true}`) })
		}, true, "结构化输出可用（方式：json_object）"},
		{"not configured", func(s *llmtest.Server, c *llm.Config) { *c = llm.Config{} }, false, "LLM 未配置"},
		{"bad key", func(s *llmtest.Server, c *llm.Config) { s.RequireKey("right-key") }, false, "密钥被拒绝（HTTP 401）"},
		{"unknown model", func(s *llmtest.Server, c *llm.Config) { s.Models("other-model") }, false, `模型 "test-chat" 不存在`},
		{"connection refused", func(s *llmtest.Server, c *llm.Config) { c.BaseURL = closedAddress(t) }, false, "connection refused"},
		{"unknown host", func(s *llmtest.Server, c *llm.Config) { c.BaseURL = "http://no-such-host.invalid/v1" }, false, "找不到主机"},
		{"timeout", func(s *llmtest.Server, c *llm.Config) {
			c.Timeout = 100 * time.Millisecond
			s.Push(llmtest.Slow(time.Minute, llmtest.Good("pong")))
		}, false, "超时"},
		{"rate limited", func(s *llmtest.Server, c *llm.Config) { s.Push(llmtest.RateLimited("30")) }, false, "HTTP 429"},
		{"server error", func(s *llmtest.Server, c *llm.Config) { s.Push(llmtest.ServerError()) }, false, "HTTP 500"},
		{"no JSON from the model", func(s *llmtest.Server, c *llm.Config) {
			s.Answer(func(llmtest.ChatRequest) llmtest.Reply { return llmtest.Good("pong") })
		}, false, "结构化输出（JSON）不可用"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := llmtest.New(t)
			cfg := llm.Config{BaseURL: srv.URL, APIKey: "test-key", Model: "test-chat", EmbedModel: "test-embed", Timeout: 2 * time.Second}
			c.setup(srv, &cfg)
			rep := llm.Check(context.Background(), cfg)
			var text strings.Builder
			for _, l := range rep.Lines {
				text.WriteString(l.Text + "\n")
			}
			if rep.OK() != c.ok {
				t.Errorf("OK() = %v, want %v:\n%s", rep.OK(), c.ok, text.String())
			}
			if !strings.Contains(text.String(), c.phrase) {
				t.Errorf("report lacks %q:\n%s", c.phrase, text.String())
			}
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{
		"LINLI_LLM_BASE_URL": "https://api.deepseek.com/v1/", "LINLI_LLM_API_KEY": "sk-x",
		"LINLI_LLM_MODEL": "deepseek-chat", "LINLI_LLM_TIMEOUT": "20", "LINLI_LLM_DAILY_TOKEN_BUDGET": "50000",
	}
	cfg, err := llm.ConfigFromEnv(llm.Config{Model: "from-yaml", MaxRetries: 3}, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	want := llm.Config{BaseURL: "https://api.deepseek.com/v1/", APIKey: "sk-x", Model: "deepseek-chat",
		Timeout: 20 * time.Second, MaxRetries: 3, DailyTokenBudget: 50000}
	if cfg != want {
		t.Errorf("got %+v\nwant %+v", cfg, want)
	}
	if cfg.Problem() != "" {
		t.Errorf("a complete config has a problem: %s", cfg.Problem())
	}
	for _, bad := range []map[string]string{
		{"LINLI_LLM_TIMEOUT": "soon"}, {"LINLI_LLM_TIMEOUT": "-3"}, {"LINLI_LLM_MAX_RETRIES": "two"},
	} {
		if _, err := llm.ConfigFromEnv(llm.Config{}, func(k string) string { return bad[k] }); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	if p := (llm.Config{BaseURL: "http://localhost:11434/v1"}).Problem(); !strings.Contains(p, "API key") || !strings.Contains(p, "model") {
		t.Errorf("problem %q should name the key and the model", p)
	}
}
