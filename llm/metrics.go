package llm

import (
	"context"
	"errors"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Metrics counts what the client did, for a /metrics endpoint: calls by
// kind, prompt and outcome, tokens, retries, repairs and mode fallbacks.
type Metrics struct {
	mu    sync.Mutex
	calls map[[3]string]int64

	promptTokens     atomic.Int64
	completionTokens atomic.Int64
	latencyMS        atomic.Int64
	retries          atomic.Int64
	repairs          atomic.Int64
	formatFallbacks  atomic.Int64
}

func newMetrics() *Metrics { return &Metrics{calls: make(map[[3]string]int64)} }

func (m *Metrics) call(kind, prompt, outcome string) {
	m.mu.Lock()
	m.calls[[3]string{kind, prompt, outcome}]++
	m.mu.Unlock()
}

func (m *Metrics) observe(u openai.Usage, lat time.Duration) {
	m.promptTokens.Add(int64(u.PromptTokens))
	m.completionTokens.Add(int64(u.CompletionTokens))
	m.latencyMS.Add(lat.Milliseconds())
}

// Sample is one counter value with its labels, ready to print.
type Sample struct {
	Name   string
	Help   string
	Labels map[string]string
	Value  int64
}

// Samples returns every counter, in a stable order.
func (m *Metrics) Samples() []Sample {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	keys := make([][3]string, 0, len(m.calls))
	for k := range m.calls {
		keys = append(keys, k)
	}
	vals := make(map[[3]string]int64, len(m.calls))
	for k, v := range m.calls {
		vals[k] = v
	}
	m.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		if a[1] != b[1] {
			return a[1] < b[1]
		}
		return a[2] < b[2]
	})
	var out []Sample
	for _, k := range keys {
		out = append(out, Sample{
			Name: "linli_llm_calls_total", Help: "LLM calls by kind, prompt and outcome.",
			Labels: map[string]string{"kind": k[0], "prompt": k[1], "outcome": k[2]}, Value: vals[k],
		})
	}
	for _, c := range []struct {
		name, help string
		v          *atomic.Int64
	}{
		{"linli_llm_prompt_tokens_total", "Prompt tokens reported by the server.", &m.promptTokens},
		{"linli_llm_completion_tokens_total", "Completion tokens reported by the server.", &m.completionTokens},
		{"linli_llm_latency_milliseconds_total", "Wall time spent in LLM calls.", &m.latencyMS},
		{"linli_llm_retries_total", "Requests retried after 429, 5xx or a dropped connection.", &m.retries},
		{"linli_llm_repairs_total", "Repair rounds after a reply that did not match the schema.", &m.repairs},
		{"linli_llm_format_fallbacks_total", "Times the server rejected a response_format and a simpler mode was used.", &m.formatFallbacks},
	} {
		out = append(out, Sample{Name: c.name, Help: c.help, Value: c.v.Load()})
	}
	return out
}

// Count returns the number of calls with the given kind ("chat" or
// "embed"), prompt name and outcome.
func (m *Metrics) Count(kind, prompt, outcome string) int64 {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls[[3]string{kind, prompt, outcome}]
}

// Outcomes, as logged and counted.
const (
	OutcomeOK            = "ok"
	OutcomeNotConfigured = "not_configured"
	OutcomeBudget        = "budget_exhausted"
	OutcomeTimeout       = "timeout"
	OutcomeUnavailable   = "unavailable"
	OutcomeRejected      = "rejected"
	OutcomeInvalid       = "invalid_output"
	OutcomeUngrounded    = "ungrounded"
	OutcomeUnanswerable  = "unanswerable"
	OutcomeCanceled      = "canceled"
	OutcomeError         = "error"
)

func outcomeOf(err error) string {
	switch {
	case err == nil:
		return OutcomeOK
	case errors.Is(err, ErrNotConfigured):
		return OutcomeNotConfigured
	case errors.Is(err, ErrBudgetExhausted):
		return OutcomeBudget
	case errors.Is(err, ErrTimeout):
		return OutcomeTimeout
	case errors.Is(err, ErrUnavailable):
		return OutcomeUnavailable
	case errors.Is(err, ErrRejected):
		return OutcomeRejected
	case errors.Is(err, ErrInvalidOutput):
		return OutcomeInvalid
	case errors.Is(err, ErrUngrounded):
		return OutcomeUngrounded
	case errors.Is(err, ErrUnanswerable):
		return OutcomeUnanswerable
	case errors.Is(err, context.Canceled):
		return OutcomeCanceled
	}
	return OutcomeError
}
