package llm_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"linli/llm"
	"linli/llm/llmtest"
)

// candidatesFor stands in for retrieval: it records the restatement it
// was asked about and returns three articles.
func candidatesFor(got *string) func(string) []llm.Passage {
	return func(restated string) []llm.Passage {
		*got = restated
		return []llm.Passage{
			{Article: 1245, Text: "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任。"},
			{Article: 1246, Text: "违反管理规定，未对动物采取安全措施造成他人损害的，动物饲养人或者管理人应当承担侵权责任。"},
			{Article: 288, Text: "不动产的相邻权利人应当正确处理相邻关系。"},
		}
	}
}

func TestRerankLegalOrdersOnlyTheCandidates(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.Push(
		llmtest.JSON(map[string]any{"question": "未采取安全措施的饲养动物致人损害的责任", "terms": []string{"饲养动物", "安全措施"}}),
		llmtest.JSON(map[string]any{"answerable": true, "ranking": []int{1246, 9999, 1245, 1246}}),
	)
	var restated string
	r, err := f.llm.RerankLegal(context.Background(), "楼下邻居遛狗不拴绳把我家孩子咬了，电话13812345678，怎么办", candidatesFor(&restated))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(restated, "未采取安全措施") || !strings.Contains(restated, "饲养动物") {
		t.Errorf("retrieval got %q, want the restatement and its terms", restated)
	}
	if len(r.Articles) != 2 || r.Articles[0] != 1246 || r.Articles[1] != 1245 || !r.Answerable {
		t.Errorf("ranking %+v, want 1246 then 1245", r)
	}
	if len(r.Dropped) != 1 || r.Dropped[0] != 9999 {
		t.Errorf("dropped %v, want the made-up 9999", r.Dropped)
	}
	chats := f.srv.Chats()
	if len(chats) != 2 {
		t.Fatalf("%d calls, want restate and rerank", len(chats))
	}
	for _, c := range chats {
		if strings.Contains(c.Raw, "13812345678") {
			t.Error("the phone number left the machine")
		}
	}
	if !strings.Contains(chats[1].Raw, "【第1246条】") || !strings.Contains(chats[1].Raw, "未采取安全措施") {
		t.Error("the rerank prompt lacks the candidates or the restatement")
	}
}

// Only made-up numbers while claiming an answer is not a ranking.
func TestRerankLegalWithOnlyMadeUpArticlesFails(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.Push(
		llmtest.JSON(map[string]any{"question": "饲养动物致人损害", "terms": []string{}}),
		llmtest.JSON(map[string]any{"answerable": true, "ranking": []int{1, 1250}}),
	)
	var restated string
	if _, err := f.llm.RerankLegal(context.Background(), "狗咬人谁负责", candidatesFor(&restated)); !errors.Is(err, llm.ErrUngrounded) {
		t.Errorf("err %v, want ErrUngrounded", err)
	}
}

// Every failure ends in an error within the client's timeout, so the
// caller keeps the rules' ranking.
func TestRerankLegalFailsWithinTheTimeout(t *testing.T) {
	restate := llmtest.JSON(map[string]any{"question": "饲养动物致人损害", "terms": []string{"饲养动物"}})
	cases := []struct {
		name    string
		replies []llmtest.Reply
		want    error
	}{
		{"slow restatement", []llmtest.Reply{llmtest.Slow(time.Minute, restate)}, llm.ErrTimeout},
		{"slow ranking", []llmtest.Reply{restate, llmtest.Slow(time.Minute, llmtest.JSON(map[string]any{"answerable": true, "ranking": []int{1245}}))}, llm.ErrTimeout},
		{"server error", []llmtest.Reply{llmtest.ServerError()}, llm.ErrUnavailable},
		{"garbage twice", []llmtest.Reply{restate, llmtest.InvalidJSON(), llmtest.Good("第1245条最相关")}, llm.ErrInvalidOutput},
		{"refusal", []llmtest.Reply{restate, llmtest.JSON(map[string]any{"answerable": "sorry"}), llmtest.Good("抱歉，我不能回答")}, llm.ErrInvalidOutput},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, func(cfg *llm.Config) { cfg.Timeout = 300 * time.Millisecond; cfg.MaxRetries = -1 })
			f.srv.Push(c.replies...)
			var restated string
			start := time.Now()
			_, err := f.llm.RerankLegal(context.Background(), "狗咬人谁负责", candidatesFor(&restated))
			if !errors.Is(err, c.want) {
				t.Errorf("err %v, want %v", err, c.want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %s, want the 300 ms timeout", d)
			}
		})
	}
}

func TestRerankLegalChargesTheCommunity(t *testing.T) {
	f := newFixture(t, func(c *llm.Config) { c.DailyTokenBudget = 500 }) // the restatement alone takes about 450 tokens
	f.srv.Answer(func(r llmtest.ChatRequest) llmtest.Reply {
		if strings.Contains(r.Messages[0].Content, "候选法条") {
			return llmtest.JSON(map[string]any{"answerable": true, "ranking": []int{1245}})
		}
		return llmtest.JSON(map[string]any{"question": "饲养动物致人损害", "terms": []string{"饲养动物"}})
	})
	jinxia := llm.ForCommunity(context.Background(), "锦霞社区")
	var restated string
	if _, err := f.llm.RerankLegal(jinxia, "狗咬人谁负责", candidatesFor(&restated)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.llm.RerankLegal(jinxia, "狗咬人谁负责", candidatesFor(&restated)); !errors.Is(err, llm.ErrBudgetExhausted) {
		t.Errorf("second question: %v, want ErrBudgetExhausted", err)
	}
	other := llm.ForCommunity(context.Background(), "翠苑社区")
	if _, err := f.llm.RerankLegal(other, "狗咬人谁负责", candidatesFor(&restated)); err != nil {
		t.Errorf("another community's budget: %v", err)
	}
}
