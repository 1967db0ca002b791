package llm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"linli/prompts"
)

// CheckLine is one finding of Check, in plain words.
type CheckLine struct {
	OK   bool
	Text string
}

// CheckReport is what `linli llm check` prints.
type CheckReport struct {
	Lines []CheckLine
}

// OK reports whether every finding is good.
func (r CheckReport) OK() bool {
	for _, l := range r.Lines {
		if !l.OK {
			return false
		}
	}
	return len(r.Lines) > 0
}

func (r *CheckReport) add(ok bool, format string, args ...any) {
	r.Lines = append(r.Lines, CheckLine{OK: ok, Text: fmt.Sprintf(format, args...)})
}

// Check sends one tiny chat request (and one embedding, when an embedding
// model is set) and says whether the endpoint, key and model work, and if
// not, why: not configured, connection refused, unknown host, bad key,
// unknown model, rate limit, server error or timeout. It does not retry.
func Check(ctx context.Context, cfg Config, opts ...Option) CheckReport {
	var r CheckReport
	cfg.MaxRetries = -1
	c := New(cfg, nil, nil, opts...)
	if !c.Enabled() {
		r.add(false, "LLM 未配置（%s）。linli 照常工作：打卡、提醒、志愿任务和问答都用规则和原文摘录。", c.problem)
		return r
	}
	cfg = c.cfg
	r.add(true, "地址 %s，模型 %s，超时 %s", cfg.BaseURL, cfg.Model, cfg.Timeout)

	tctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	start := time.Now()
	resp, err := c.api.CreateChatCompletion(tctx, openai.ChatCompletionRequest{
		Model:     cfg.Model,
		Messages:  []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "ping"}},
		MaxTokens: 5,
	})
	if err != nil {
		err = classify(err, tctx, ctx)
		cancel()
		r.add(false, "对话模型不可用：%s", Diagnose(err, cfg))
		return r
	}
	cancel()
	r.add(true, "对话模型可用：%s 在 %.1f 秒内答复（用了 %d 个 token）", cfg.Model, time.Since(start).Seconds(), resp.Usage.TotalTokens)

	var probe struct {
		OK bool `json:"ok" desc:"固定为 true"`
	}
	err = c.JSON(ctx, prompts.Prompt{
		Name: "check", Version: "check/1",
		System: "这是连通性测试。", User: `请输出 {"ok": true}`,
	}, &probe)
	switch {
	case err != nil:
		r.add(false, "结构化输出（JSON）不可用：%s。没有它，求助提取和法律解答会退回规则。", Diagnose(err, cfg))
	default:
		r.add(true, "结构化输出可用（方式：%s）", modeName(c.mode.Load()))
	}

	if cfg.EmbedModel == "" {
		r.add(true, "未设置向量模型（LINLI_LLM_EMBED_MODEL），检索只用关键词（BM25）")
		return r
	}
	vecs, err := c.Embed(ctx, []string{"垃圾分类"})
	if err != nil {
		r.add(false, "向量模型 %s 不可用：%s", cfg.EmbedModel, Diagnose(err, cfg))
		return r
	}
	r.add(true, "向量模型可用：%s，维度 %d", cfg.EmbedModel, len(vecs[0]))
	return r
}

// Diagnose explains a call's error in plain words, for operators.
func Diagnose(err error, cfg Config) string {
	var dnsErr *net.DNSError
	st := httpStatus(err)
	switch {
	case err == nil:
		return "正常"
	case errors.Is(err, ErrNotConfigured):
		return "未配置：" + cfg.Problem()
	case errors.Is(err, ErrBudgetExhausted):
		return "今天的 token 预算已用完（daily_token_budget），明天自动恢复"
	case errors.Is(err, ErrTimeout):
		return fmt.Sprintf("超时：%s 内没有答复。网络太慢或模型太大，可调大 LINLI_LLM_TIMEOUT", cfg.Timeout)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("连接被拒绝（connection refused）：%s 上没有服务在监听，检查服务是否启动、端口是否正确", cfg.BaseURL)
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("找不到主机 %q（DNS 解析失败），检查 LINLI_LLM_BASE_URL", dnsErr.Name)
	case st == http.StatusUnauthorized || st == http.StatusForbidden:
		return fmt.Sprintf("密钥被拒绝（HTTP %d）：LINLI_LLM_API_KEY 不对、已过期或没有权限", st)
	case st == http.StatusNotFound:
		return fmt.Sprintf("找不到（HTTP 404）：模型 %q 不存在或未开通，或者地址少了 /v1（现在是 %s）", cfg.Model, cfg.BaseURL)
	case st == http.StatusTooManyRequests:
		return "被限流或额度已用完（HTTP 429），稍后再试或检查账户余额"
	case st >= 500:
		return fmt.Sprintf("服务端出错（HTTP %d），稍后再试", st)
	case st >= 400:
		return fmt.Sprintf("请求被拒绝（HTTP %d）：%s", st, shortAPIMessage(err))
	case errors.Is(err, ErrInvalidOutput):
		return "模型的答复不符合要求的 JSON 格式（" + shortAPIMessage(err) + "）"
	case errors.Is(err, ErrUnavailable):
		return "连不上服务：" + shortAPIMessage(err)
	}
	return shortAPIMessage(err)
}

func shortAPIMessage(err error) string {
	var ae *openai.APIError
	if errors.As(err, &ae) && ae.Message != "" {
		return truncate(ae.Message, 200)
	}
	return truncate(strings.TrimSpace(err.Error()), 200)
}
