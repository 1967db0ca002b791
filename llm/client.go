package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"linli/bot"
	"linli/prompts"
)

// Client talks to one OpenAI-compatible endpoint. It is safe for concurrent
// use. The zero of usefulness is built in: a Client made from an empty
// Config, or a nil *Client, answers every call with ErrNotConfigured.
type Client struct {
	cfg     Config
	problem string
	api     *openai.Client
	clock   bot.Clock
	log     *slog.Logger
	budget  Budget
	dir     *bot.Directory
	sleep   func(ctx context.Context, d time.Duration) error
	commOf  func(ctx context.Context) string
	spent   func(community, day string)
	metrics *Metrics
	httpc   *http.Client

	// mode is the structured-output mode the server accepts; it only moves
	// down (json_schema → json_object → plain instructions), once per
	// process, the first time the server rejects a mode.
	mode    atomic.Int32
	schemas sync.Map // reflect.Type → *Schema
}

// Option adjusts a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (tests, proxies).
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.httpc = h } }

// WithBudget keeps the daily token budget in b (for instance the SQLite
// store, so that it survives restarts). The default is in memory.
func WithBudget(b Budget) Option { return func(c *Client) { c.budget = b } }

// WithDirectory lets the budget count days in each community's time zone;
// without it days are counted in Asia/Shanghai.
func WithDirectory(d *bot.Directory) Option { return func(c *Client) { c.dir = d } }

// WithBudgetSpent calls f each time a call is refused because the
// community's day is spent (f de-duplicates, if it must). It runs on the
// caller's goroutine, so it should return quickly.
func WithBudgetSpent(f func(community, day string)) Option {
	return func(c *Client) { c.spent = f }
}

// WithCommunityOf tells the client how to find the community a call is
// made for when the caller did not say so with ForCommunity: for instance
// from a value the router put in the turn's context. Workflows then need
// not know about budgets at all.
func WithCommunityOf(f func(ctx context.Context) string) Option {
	return func(c *Client) { c.commOf = f }
}

// WithSleep replaces the wait between retries, so tests can check the
// Retry-After honoured without waiting.
func WithSleep(f func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) { c.sleep = f }
}

// New returns a client for cfg. With an unusable cfg (see Config.Problem)
// it returns a client that reports ErrNotConfigured on every call, so
// callers need no special case. clock may be nil (wall clock), logger may
// be nil (no logs).
func New(cfg Config, clock bot.Clock, logger *slog.Logger, opts ...Option) *Client {
	c := &Client{cfg: cfg.withDefaults(), clock: clock, log: logger, metrics: newMetrics()}
	if c.clock == nil {
		c.clock = bot.SystemClock{}
	}
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	c.sleep = sleepCtx
	for _, o := range opts {
		o(c)
	}
	if c.budget == nil {
		c.budget = NewMemoryBudget()
	}
	if c.httpc == nil {
		c.httpc = &http.Client{}
	}
	c.problem = c.cfg.Problem()
	if c.problem != "" {
		return c
	}
	oc := openai.DefaultConfig(c.cfg.APIKey)
	oc.BaseURL = c.cfg.BaseURL
	oc.HTTPClient = &headerDoer{next: c.httpc}
	c.api = openai.NewClientWithConfig(oc)
	return c
}

// Enabled reports whether calls will be attempted at all.
func (c *Client) Enabled() bool { return c != nil && c.api != nil }

// Status says in plain words what the client will do, for startup logs.
func (c *Client) Status() string {
	switch {
	case c == nil:
		return "LLM off: not configured; using rules and extractive answers"
	case c.problem != "":
		return "LLM off: " + c.problem + "; using rules and extractive answers"
	}
	s := fmt.Sprintf("LLM on: model %s at %s, timeout %s", c.cfg.Model, c.cfg.BaseURL, c.cfg.Timeout)
	if c.cfg.EmbedModel != "" {
		s += ", embeddings " + c.cfg.EmbedModel
	}
	return s
}

// EmbedModel names the embedding model in use ("" when embeddings are
// off), so stored vectors can be keyed by it and rebuilt when it changes.
func (c *Client) EmbedModel() string {
	if !c.Enabled() {
		return ""
	}
	return c.cfg.EmbedModel
}

// Metrics returns the client's counters (nil for a nil client).
func (c *Client) Metrics() *Metrics {
	if c == nil {
		return nil
	}
	return c.metrics
}

type communityKey struct{}

// ForCommunity marks ctx as a call made for community, whose daily token
// budget it is charged to. Calls without it (and without WithCommunityOf)
// share the "" budget.
func ForCommunity(ctx context.Context, community string) context.Context {
	return context.WithValue(ctx, communityKey{}, community)
}

func (c *Client) communityFrom(ctx context.Context) string {
	if s, ok := ctx.Value(communityKey{}).(string); ok {
		return s
	}
	if c.commOf != nil {
		return c.commOf(ctx)
	}
	return ""
}

// JSON sends a rendered prompt and decodes the model's reply into out, a
// pointer to a struct. The reply must match the struct's schema (see
// SchemaFor); one repair round is tried, otherwise ErrInvalidOutput. out is
// left untouched on any error.
func (c *Client) JSON(ctx context.Context, p prompts.Prompt, out any) error {
	if !c.Enabled() {
		return c.notConfigured("chat", p)
	}
	s, err := c.schemaFor(out)
	if err != nil {
		return err
	}
	return c.structured(ctx, p, s, out, nil)
}

func (c *Client) schemaFor(out any) (*Schema, error) {
	t := reflect.TypeOf(out)
	if t == nil || t.Kind() != reflect.Pointer {
		return nil, fmt.Errorf("llm: decode into %T: want a pointer to a struct", out)
	}
	if s, ok := c.schemas.Load(t); ok {
		return s.(*Schema), nil
	}
	s, err := SchemaFor(out)
	if err != nil {
		return nil, err
	}
	c.schemas.Store(t, s)
	return s, nil
}

func (c *Client) notConfigured(kind string, p prompts.Prompt) error {
	if c != nil {
		c.metrics.call(kind, p.Name, outcomeOf(ErrNotConfigured))
	}
	return ErrNotConfigured
}

// call is what one logical call did, for the log line and the metrics.
type call struct {
	kind      string
	prompt    prompts.Prompt
	community string
	start     time.Time
	attempts  int
	repaired  bool
	usage     openai.Usage
}

func (c *Client) finish(cl *call, err error) {
	outcome := outcomeOf(err)
	lat := time.Since(cl.start)
	c.metrics.call(cl.kind, cl.prompt.Name, outcome)
	c.metrics.observe(cl.usage, lat)
	attrs := []any{
		"kind", cl.kind,
		"model", c.modelFor(cl.kind),
		"prompt", cl.prompt.Name,
		"version", cl.prompt.Version,
		"community", cl.community,
		"latency_ms", lat.Milliseconds(),
		"attempts", cl.attempts,
		"repaired", cl.repaired,
		"prompt_tokens", cl.usage.PromptTokens,
		"completion_tokens", cl.usage.CompletionTokens,
		"outcome", outcome,
	}
	if err != nil {
		// The error names the failure, never the resident's text.
		attrs = append(attrs, "err", err.Error())
		c.log.Warn("llm call fell back to rules", attrs...)
		return
	}
	c.log.Info("llm call", attrs...)
}

func (c *Client) modelFor(kind string) string {
	if kind == "embed" {
		return c.cfg.EmbedModel
	}
	return c.cfg.Model
}

// structured runs one schema-checked call: budget, request with retries
// and mode fallback, validation, one repair round. check, when given, runs
// on the decoded result; its error is the call's outcome (no repair: a
// model that cites what it was not given is not asked again).
func (c *Client) structured(ctx context.Context, p prompts.Prompt, s *Schema, out any, check func() error) (err error) {
	cl := &call{kind: "chat", prompt: p, community: c.communityFrom(ctx), start: time.Now()}
	defer func() { c.finish(cl, err) }()
	if err := c.checkBudget(ctx, cl.community); err != nil {
		return err
	}
	defer func() { c.spend(ctx, cl.community, cl.usage.TotalTokens) }()

	tctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()

	msgs := []openai.ChatCompletionMessage{
		{Role: openai.ChatMessageRoleSystem, Content: p.System + "\n\n" + schemaInstruction(s)},
		{Role: openai.ChatMessageRoleUser, Content: p.User},
	}
	reply, err := c.chat(tctx, ctx, cl, msgs, s)
	if err != nil {
		return err
	}
	verr := decodeReply(reply, s, out)
	if verr == nil {
		return runCheck(check)
	}
	cl.repaired = true
	c.metrics.repairs.Add(1)
	msgs = append(msgs,
		openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, Content: truncate(reply, 2000)},
		openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: "上一条回复不符合要求：" + verr.Error() +
			"。请只输出一个符合上述 JSON Schema 的 JSON 对象，不要任何其他文字，不要添加 schema 之外的字段。"},
	)
	reply, err = c.chat(tctx, ctx, cl, msgs, s)
	if err != nil {
		return err
	}
	if verr := decodeReply(reply, s, out); verr != nil {
		return fmt.Errorf("%w: %w", ErrInvalidOutput, verr)
	}
	return runCheck(check)
}

func runCheck(check func() error) error {
	if check == nil {
		return nil
	}
	return check()
}

func schemaInstruction(s *Schema) string {
	body, _ := json.Marshal(s)
	return "输出格式：只输出一个 JSON 对象，不要 markdown 代码块，不要任何解释文字。JSON 必须符合这个 JSON Schema：\n" + string(body)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// Structured-output modes, in the order they are tried.
const (
	modeJSONSchema int32 = iota
	modeJSONObject
	modePlain
)

// chat sends msgs with the richest structured-output mode the server
// accepts, moving down a mode when the server rejects the response_format.
// tctx carries the call's deadline; parent tells our timeout from the
// caller's cancellation.
func (c *Client) chat(tctx, parent context.Context, cl *call, msgs []openai.ChatCompletionMessage, s *Schema) (string, error) {
	for {
		mode := c.mode.Load()
		req := openai.ChatCompletionRequest{
			Model:       c.cfg.Model,
			Messages:    msgs,
			Temperature: 0.1,
			MaxTokens:   800,
		}
		if openai.NewReasoningValidator().Validate(req) != nil {
			// Reasoning models (o-series, gpt-5…) take max_completion_tokens
			// and a fixed temperature.
			req.MaxCompletionTokens, req.MaxTokens, req.Temperature = 4*req.MaxTokens, 0, 0
		}
		switch mode {
		case modeJSONSchema:
			req.ResponseFormat = &openai.ChatCompletionResponseFormat{
				Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
				JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
					Name: "linli_" + cl.prompt.Name, Schema: s, Strict: false,
				},
			}
		case modeJSONObject:
			req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
		}
		resp, err := c.createChat(tctx, cl, req)
		if err != nil {
			if mode < modePlain && formatRejected(err) {
				if c.mode.CompareAndSwap(mode, mode+1) {
					c.metrics.formatFallbacks.Add(1)
					c.log.Info("llm server rejected response_format; using a simpler mode",
						"model", c.cfg.Model, "from", modeName(mode), "to", modeName(mode+1))
				}
				continue
			}
			return "", classify(err, tctx, parent)
		}
		cl.usage.PromptTokens += resp.Usage.PromptTokens
		cl.usage.CompletionTokens += resp.Usage.CompletionTokens
		cl.usage.TotalTokens += resp.Usage.TotalTokens
		if len(resp.Choices) == 0 {
			return "", fmt.Errorf("%w: reply has no choices", ErrInvalidOutput)
		}
		m := resp.Choices[0].Message
		if m.Refusal != "" && m.Content == "" {
			return "", fmt.Errorf("%w: model refused", ErrInvalidOutput)
		}
		return m.Content, nil
	}
}

func modeName(m int32) string {
	switch m {
	case modeJSONSchema:
		return "json_schema"
	case modeJSONObject:
		return "json_object"
	}
	return "plain"
}

// createChat sends one request, retrying 429, 5xx and connection failures
// with backoff (honouring Retry-After) as long as the deadline allows.
func (c *Client) createChat(ctx context.Context, cl *call, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	var resp openai.ChatCompletionResponse
	err := c.retry(ctx, cl, func(ctx context.Context) error {
		var err error
		resp, err = c.api.CreateChatCompletion(ctx, req)
		return err
	})
	return resp, err
}

func (c *Client) retry(ctx context.Context, cl *call, do func(ctx context.Context) error) error {
	for attempt := 0; ; attempt++ {
		h := &respHeader{}
		cl.attempts++
		err := do(context.WithValue(ctx, headerKey{}, h))
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || attempt >= c.cfg.MaxRetries || !retryable(err) {
			return err
		}
		wait := backoff(attempt)
		if ra, ok := parseRetryAfter(h.get("Retry-After"), time.Now()); ok {
			wait = ra
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			// Waiting would outlast the timeout: give up now rather than
			// keep the resident waiting for nothing.
			return err
		}
		c.metrics.retries.Add(1)
		if serr := c.sleep(ctx, wait); serr != nil {
			return serr
		}
	}
}

func backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << attempt
	if d > 8*time.Second {
		d = 8 * time.Second
	}
	return d
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 0 {
		return time.Duration(n * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// httpStatus digs the HTTP status out of a go-openai error (0 when the
// request never got a status).
func httpStatus(err error) int {
	var ae *openai.APIError
	if errors.As(err, &ae) {
		return ae.HTTPStatusCode
	}
	var re *openai.RequestError
	if errors.As(err, &re) {
		return re.HTTPStatusCode
	}
	return 0
}

func retryable(err error) bool {
	st := httpStatus(err)
	if st == 0 {
		// A dropped or refused connection is worth another go; our own
		// deadline, a cancellation or a request go-openai refused to send
		// is not.
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return false
		}
		var netErr net.Error
		return errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
			errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED)
	}
	return st == http.StatusTooManyRequests || st >= 500
}

// formatRejected reports a server that does not understand the
// response_format we sent (older vLLM, some compatible modes).
func formatRejected(err error) bool {
	st := httpStatus(err)
	if st != http.StatusBadRequest && st != http.StatusUnprocessableEntity && st != http.StatusNotImplemented {
		return false
	}
	msg := strings.ToLower(err.Error())
	for _, w := range []string{"response_format", "json_schema", "json_object", "response format", "schema"} {
		if strings.Contains(msg, w) {
			return true
		}
	}
	return false
}

// classify turns a transport or API error into one of the package's
// errors, keeping the cause.
func classify(err error, tctx, parent context.Context) error {
	switch {
	case errors.Is(err, ErrInvalidOutput), errors.Is(err, ErrTimeout),
		errors.Is(err, ErrUnavailable), errors.Is(err, ErrRejected):
		return err
	case errors.Is(parent.Err(), context.Canceled):
		return fmt.Errorf("llm call canceled: %w", parent.Err())
	case tctx.Err() != nil || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	st := httpStatus(err)
	switch {
	case st == 0, st == http.StatusTooManyRequests, st >= 500:
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	default:
		return fmt.Errorf("%w: %w", ErrRejected, err)
	}
}

// headerDoer records the response headers go-openai does not expose on
// errors (Retry-After) into a holder carried by the request's context.
type headerDoer struct{ next *http.Client }

type headerKey struct{}

type respHeader struct {
	mu sync.Mutex
	h  http.Header
}

func (r *respHeader) get(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.h.Get(name)
}

func (d *headerDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.next.Do(req)
	if resp != nil {
		if h, ok := req.Context().Value(headerKey{}).(*respHeader); ok {
			h.mu.Lock()
			h.h = resp.Header.Clone()
			h.mu.Unlock()
		}
	}
	return resp, err
}

// Embed returns one vector per text, in order, asking in batches. Texts are
// masked first: a resident's question may carry a phone number.
func (c *Client) Embed(ctx context.Context, texts []string) (vecs [][]float32, err error) {
	p := prompts.Prompt{Name: "embeddings"}
	if !c.Enabled() || c.cfg.EmbedModel == "" {
		return nil, c.notConfigured("embed", p)
	}
	cl := &call{kind: "embed", prompt: p, community: c.communityFrom(ctx), start: time.Now()}
	defer func() { c.finish(cl, err) }()
	if len(texts) == 0 {
		return nil, nil
	}
	if err := c.checkBudget(ctx, cl.community); err != nil {
		return nil, err
	}
	defer func() { c.spend(ctx, cl.community, cl.usage.TotalTokens) }()
	tctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()

	vecs = make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += EmbedBatch {
		end := min(start+EmbedBatch, len(texts))
		in := make([]string, 0, end-start)
		for _, t := range texts[start:end] {
			in = append(in, Mask(t).Text)
		}
		var resp openai.EmbeddingResponse
		rerr := c.retry(tctx, cl, func(ctx context.Context) error {
			var err error
			resp, err = c.api.CreateEmbeddings(ctx, openai.EmbeddingRequestStrings{
				Input: in, Model: openai.EmbeddingModel(c.cfg.EmbedModel),
			})
			return err
		})
		if rerr != nil {
			return nil, classify(rerr, tctx, ctx)
		}
		cl.usage.PromptTokens += resp.Usage.PromptTokens
		cl.usage.TotalTokens += resp.Usage.TotalTokens
		batch := make([][]float32, len(in))
		for _, d := range resp.Data {
			if d.Index < 0 || d.Index >= len(in) || batch[d.Index] != nil {
				return nil, fmt.Errorf("%w: embedding index %d out of place", ErrInvalidOutput, d.Index)
			}
			batch[d.Index] = d.Embedding
		}
		for i, v := range batch {
			if len(v) == 0 {
				return nil, fmt.Errorf("%w: no embedding for input %d", ErrInvalidOutput, start+i)
			}
		}
		vecs = append(vecs, batch...)
	}
	return vecs, nil
}

// EmbedBatch is how many texts go in one embeddings request; providers cap
// it (DashScope at 10 for some models, OpenAI at 2048), 10 is safe
// everywhere.
const EmbedBatch = 10
