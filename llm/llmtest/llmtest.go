// Package llmtest is a local OpenAI-compatible server for tests. It speaks
// the real chat-completions and embeddings wire format, so the code under
// test goes through go-openai itself, and it can be scripted to misbehave
// the ways real providers do: invalid JSON, wrong types, 429 with
// Retry-After, 500, slowness, rejected response formats, bad keys, unknown
// models, and replies that echo a resident's injection attempt.
package llmtest

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Reply is one scripted answer to a chat request.
type Reply struct {
	// Status is the HTTP status; 0 means 200.
	Status int
	// Content is the assistant message for a 200 reply.
	Content string
	// Error is the error message for a non-200 reply (an OpenAI-style
	// error object is built around it).
	Error string
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Delay holds the reply back, or until the client gives up.
	Delay time.Duration
}

// Good answers with content.
func Good(content string) Reply { return Reply{Content: content} }

// JSON answers with v marshalled as the content.
func JSON(v any) Reply {
	b, err := json.Marshal(v)
	if err != nil {
		return Reply{Status: 500, Error: "llmtest: " + err.Error()}
	}
	return Reply{Content: string(b)}
}

// InvalidJSON answers with content that is not JSON at all.
func InvalidJSON() Reply {
	return Reply{Content: `好的，我来帮您看看：{"category": "买菜跑腿", "what": "买菜"`}
}

// RateLimited answers 429 with a Retry-After header.
func RateLimited(retryAfter string) Reply {
	return Reply{Status: http.StatusTooManyRequests, Error: "Rate limit reached for requests", RetryAfter: retryAfter}
}

// ServerError answers 500.
func ServerError() Reply {
	return Reply{Status: http.StatusInternalServerError, Error: "The server had an error while processing your request"}
}

// Slow answers with r after d (or not at all, if the client gives up
// first).
func Slow(d time.Duration, r Reply) Reply { r.Delay = d; return r }

// Message is one chat message as received.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// ChatRequest is a chat-completions request as received.
type ChatRequest struct {
	Model          string    `json:"model"`
	Messages       []Message `json:"messages"`
	MaxTokens      int       `json:"max_tokens"`
	ResponseFormat *struct {
		Type       string          `json:"type"`
		JSONSchema json.RawMessage `json:"json_schema"`
	} `json:"response_format"`
	// Raw is the request body exactly as it arrived: what left the
	// machine.
	Raw string `json:"-"`
}

// LastUser is the content of the last user message.
func (r ChatRequest) LastUser() string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == "user" {
			return r.Messages[i].Content
		}
	}
	return ""
}

// FormatType is the response_format type asked for ("" when none).
func (r ChatRequest) FormatType() string {
	if r.ResponseFormat == nil {
		return ""
	}
	return r.ResponseFormat.Type
}

// Server is the scripted OpenAI-compatible server.
type Server struct {
	// URL is the base URL to configure, ending in /v1.
	URL string

	srv *httptest.Server

	mu         sync.Mutex
	queue      []Reply
	fallback   func(ChatRequest) Reply
	chats      []ChatRequest
	embeds     [][]string
	rawEmbeds  []string
	apiKey     string
	models     map[string]bool
	rejectMode map[string]bool
	embedDims  int
}

// New starts a server that is closed when the test ends. With nothing
// scripted it answers every chat with `{}`.
func New(t testing.TB) *Server {
	s := Start()
	t.Cleanup(s.Close)
	return s
}

// Start starts a server outside a test (benchmarks, examples); Close it.
func Start() *Server {
	s := &Server{embedDims: 16, rejectMode: make(map[string]bool)}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("POST /v1/embeddings", s.embed)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL + "/v1"
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Push queues replies, answered in order before the fallback.
func (s *Server) Push(r ...Reply) {
	s.mu.Lock()
	s.queue = append(s.queue, r...)
	s.mu.Unlock()
}

// Answer sets how requests are answered once the queue is empty.
func (s *Server) Answer(f func(ChatRequest) Reply) {
	s.mu.Lock()
	s.fallback = f
	s.mu.Unlock()
}

// RequireKey makes the server answer 401 to any other API key.
func (s *Server) RequireKey(key string) {
	s.mu.Lock()
	s.apiKey = key
	s.mu.Unlock()
}

// Models makes the server answer 404 to any other model.
func (s *Server) Models(names ...string) {
	s.mu.Lock()
	s.models = make(map[string]bool)
	for _, n := range names {
		s.models[n] = true
	}
	s.mu.Unlock()
}

// RejectFormat makes the server answer 400 to a response_format of this
// type ("json_schema", "json_object"), as servers without structured output
// do.
func (s *Server) RejectFormat(typ string) {
	s.mu.Lock()
	s.rejectMode[typ] = true
	s.mu.Unlock()
}

// Chats returns the chat requests received so far.
func (s *Server) Chats() []ChatRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ChatRequest(nil), s.chats...)
}

// Embeds returns the inputs of the embedding requests received so far, one
// slice per request.
func (s *Server) Embeds() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]string(nil), s.embeds...)
}

// Bodies returns every request body received, chats then embeddings:
// everything that left the machine.
func (s *Server) Bodies() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, c := range s.chats {
		out = append(out, c.Raw)
	}
	return append(out, s.rawEmbeds...)
}

func (s *Server) authorised(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	key := s.apiKey
	s.mu.Unlock()
	if key != "" && r.Header.Get("Authorization") != "Bearer "+key {
		writeError(w, Reply{Status: http.StatusUnauthorized, Error: "Incorrect API key provided"}, "invalid_api_key")
		return false
	}
	return true
}

func (s *Server) knownModel(w http.ResponseWriter, model string) bool {
	s.mu.Lock()
	models := s.models
	s.mu.Unlock()
	if models != nil && !models[model] {
		writeError(w, Reply{Status: http.StatusNotFound, Error: fmt.Sprintf("The model `%s` does not exist", model)}, "model_not_found")
		return false
	}
	return true
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, Reply{Status: 400, Error: "read body: " + err.Error()}, "")
		return
	}
	var req ChatRequest
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, Reply{Status: 400, Error: "bad JSON body: " + err.Error()}, "")
		return
	}
	req.Raw = string(body)
	s.mu.Lock()
	s.chats = append(s.chats, req)
	s.mu.Unlock()
	if !s.authorised(w, r) || !s.knownModel(w, req.Model) {
		return
	}
	s.mu.Lock()
	reject := s.rejectMode[req.FormatType()]
	s.mu.Unlock()
	if reject {
		writeError(w, Reply{Status: 400, Error: fmt.Sprintf("response_format.type %q is not supported by this model", req.FormatType())}, "")
		return
	}
	rep := s.next(req)
	if rep.Delay > 0 {
		t := time.NewTimer(rep.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if rep.RetryAfter != "" {
		w.Header().Set("Retry-After", rep.RetryAfter)
	}
	if rep.Status != 0 && rep.Status != http.StatusOK {
		writeError(w, rep, "")
		return
	}
	prompt := 0
	for _, m := range req.Messages {
		prompt += tokens(m.Content)
	}
	completion := tokens(rep.Content)
	writeJSON(w, http.StatusOK, map[string]any{
		"id":      fmt.Sprintf("chatcmpl-llmtest-%d", len(s.Chats())),
		"object":  "chat.completion",
		"created": 1764000000,
		"model":   req.Model,
		"choices": []any{map[string]any{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": rep.Content},
			"finish_reason": "stop",
		}},
		"usage": map[string]any{"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
	})
}

func (s *Server) next(req ChatRequest) Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) > 0 {
		r := s.queue[0]
		s.queue = s.queue[1:]
		return r
	}
	if s.fallback != nil {
		return s.fallback(req)
	}
	return Good("{}")
}

func (s *Server) embed(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, Reply{Status: 400, Error: "read body: " + err.Error()}, "")
		return
	}
	var req struct {
		Model string          `json:"model"`
		Input json.RawMessage `json:"input"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, Reply{Status: 400, Error: "bad JSON body: " + err.Error()}, "")
		return
	}
	var inputs []string
	if err := json.Unmarshal(req.Input, &inputs); err != nil {
		var one string
		if err := json.Unmarshal(req.Input, &one); err != nil {
			writeError(w, Reply{Status: 400, Error: "input must be a string or a list of strings"}, "")
			return
		}
		inputs = []string{one}
	}
	s.mu.Lock()
	s.embeds = append(s.embeds, inputs)
	s.rawEmbeds = append(s.rawEmbeds, string(body))
	s.mu.Unlock()
	if !s.authorised(w, r) || !s.knownModel(w, req.Model) {
		return
	}
	data := make([]any, len(inputs))
	total := 0
	for i, in := range inputs {
		total += tokens(in)
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": Vector(in, s.embedDims)}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"object": "list", "data": data, "model": req.Model,
		"usage": map[string]any{"prompt_tokens": total, "total_tokens": total},
	})
}

// Vector is the server's embedding of text: a normalised bag of character
// hashes, so texts sharing characters point the same way. Deterministic.
func Vector(text string, dims int) []float32 {
	v := make([]float64, dims)
	for _, r := range text {
		h := fnv.New32a()
		fmt.Fprintf(h, "%c", r)
		v[h.Sum32()%uint32(dims)]++
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, dims)
	if norm == 0 {
		return out
	}
	norm = math.Sqrt(norm)
	for i, x := range v {
		out[i] = float32(x / norm)
	}
	return out
}

// tokens is a rough token count: one token per two characters.
func tokens(s string) int { return (utf8.RuneCountInString(s) + 1) / 2 }

func writeError(w http.ResponseWriter, r Reply, code string) {
	typ := "invalid_request_error"
	switch {
	case r.Status == http.StatusTooManyRequests:
		typ = "rate_limit_error"
	case r.Status >= 500:
		typ = "server_error"
	}
	e := map[string]any{"message": r.Error, "type": typ}
	if code != "" {
		e["code"] = code
	}
	if r.RetryAfter != "" {
		w.Header().Set("Retry-After", r.RetryAfter)
	}
	writeJSON(w, r.Status, map[string]any{"error": e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
