// Package llm is linli's optional connection to an OpenAI-compatible
// language model (OpenAI, DeepSeek, Qwen, Zhipu, a local Ollama or vLLM).
//
// linli works fully without it: every method returns an error (never a
// panic) when the model is not configured, over budget, slow, down or
// talking nonsense, and the caller then uses its rules or the extractive
// answer. A nil *Client behaves like an unconfigured one.
//
// What leaves the machine is masked (phone, ID-card and room numbers) and
// residents' text is framed as data. What comes back is held to a JSON
// schema derived from a Go struct that has no field able to name a command,
// a role or a chat, so nothing a model says can do more than fill in a task
// description, pick an intent or word an answer.
package llm

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Config says which model to use. The same values come from the
// environment (LINLI_LLM_*) or from linli.yaml.
type Config struct {
	// BaseURL is the OpenAI-compatible endpoint, ending in /v1 for most
	// providers ("https://api.deepseek.com/v1").
	BaseURL string `yaml:"base_url"`
	// APIKey is the provider's key; local servers accept any non-empty
	// value.
	APIKey string `yaml:"api_key"`
	// Model is the chat model ("deepseek-chat", "qwen-plus").
	Model string `yaml:"model"`
	// EmbedModel is the embedding model; empty turns embeddings off and
	// retrieval stays on BM25.
	EmbedModel string `yaml:"embed_model"`
	// Timeout bounds one whole call, retries and repair included. Zero
	// means 15 s.
	Timeout time.Duration `yaml:"timeout"`
	// MaxRetries is how many times a 429 or 5xx reply is retried. Zero
	// means the default (2); a negative value turns retries off.
	MaxRetries int `yaml:"max_retries"`
	// DailyTokenBudget caps the tokens one community may use per day, after
	// which linli quietly uses its rules. Zero means no cap.
	DailyTokenBudget int `yaml:"daily_token_budget"`
}

// Defaults applied by New.
const (
	DefaultTimeout    = 15 * time.Second
	DefaultMaxRetries = 2
)

// ConfigFromEnv reads LINLI_LLM_BASE_URL, LINLI_LLM_API_KEY,
// LINLI_LLM_MODEL, LINLI_LLM_EMBED_MODEL, LINLI_LLM_TIMEOUT ("15s" or a
// number of seconds), LINLI_LLM_MAX_RETRIES and LINLI_LLM_DAILY_TOKEN_BUDGET
// through getenv (os.Getenv in the binary). Variables that are unset leave
// base's values alone, so the environment overrides linli.yaml.
func ConfigFromEnv(base Config, getenv func(string) string) (Config, error) {
	c := base
	str := func(name string, dst *string) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*dst = v
		}
	}
	str("LINLI_LLM_BASE_URL", &c.BaseURL)
	str("LINLI_LLM_API_KEY", &c.APIKey)
	str("LINLI_LLM_MODEL", &c.Model)
	str("LINLI_LLM_EMBED_MODEL", &c.EmbedModel)
	if v := strings.TrimSpace(getenv("LINLI_LLM_TIMEOUT")); v != "" {
		d, err := parseTimeout(v)
		if err != nil {
			return base, fmt.Errorf("read LINLI_LLM_TIMEOUT: %w", err)
		}
		c.Timeout = d
	}
	for _, iv := range []struct {
		name string
		dst  *int
	}{{"LINLI_LLM_MAX_RETRIES", &c.MaxRetries}, {"LINLI_LLM_DAILY_TOKEN_BUDGET", &c.DailyTokenBudget}} {
		if v := strings.TrimSpace(getenv(iv.name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return base, fmt.Errorf("read %s: %q is not a whole number", iv.name, v)
			}
			*iv.dst = n
		}
	}
	return c, nil
}

func parseTimeout(v string) (time.Duration, error) {
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if n <= 0 {
			return 0, fmt.Errorf("%q must be positive", v)
		}
		return time.Duration(n * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%q is neither seconds nor a duration like 15s", v)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be positive", v)
	}
	return d, nil
}

// Problem says, in plain words, why the configuration cannot be used, or ""
// when it can.
func (c Config) Problem() string {
	var missing []string
	if strings.TrimSpace(c.BaseURL) == "" {
		missing = append(missing, "base URL (LINLI_LLM_BASE_URL)")
	}
	if strings.TrimSpace(c.APIKey) == "" {
		missing = append(missing, "API key (LINLI_LLM_API_KEY; any value for a local server)")
	}
	if strings.TrimSpace(c.Model) == "" {
		missing = append(missing, "model (LINLI_LLM_MODEL)")
	}
	if len(missing) > 0 {
		return "no " + strings.Join(missing, ", no ")
	}
	return ""
}

func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = DefaultMaxRetries
	}
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	c.BaseURL = strings.TrimRight(strings.TrimSpace(c.BaseURL), "/")
	return c
}

// The errors a call can end with. Every one of them means "use the rules":
// callers need not tell them apart, but logs and `linli llm check` do.
var (
	// ErrNotConfigured: no base URL, key or model (or no embedding model
	// for Embed).
	ErrNotConfigured = errors.New("llm: not configured")
	// ErrBudgetExhausted: the community's daily token budget is spent.
	ErrBudgetExhausted = errors.New("llm: daily token budget exhausted")
	// ErrTimeout: the call did not finish within the configured timeout.
	ErrTimeout = errors.New("llm: timed out")
	// ErrUnavailable: the server could not be reached, or kept answering
	// 429 or 5xx after the retries.
	ErrUnavailable = errors.New("llm: service unavailable")
	// ErrRejected: the server refused the request (bad key, unknown model,
	// bad request).
	ErrRejected = errors.New("llm: request rejected")
	// ErrInvalidOutput: the reply did not match the schema, even after one
	// repair round.
	ErrInvalidOutput = errors.New("llm: invalid output")
	// ErrUngrounded: an answer cited no passage, or an article it was not
	// given.
	ErrUngrounded = errors.New("llm: answer not grounded in the passages")
	// ErrUnanswerable: the model said the passages do not answer the
	// question (or there were none).
	ErrUnanswerable = errors.New("llm: passages do not answer the question")
)
