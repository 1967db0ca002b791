// Package mptest is a local WeChat Official Account for tests: Server
// speaks the API the gateway calls (access token, customer-service
// messages, template messages, the custom menu) with WeChat's JSON and
// error codes, and Client posts callbacks signed (and, in safe mode,
// encrypted) as WeChat's servers do. Both go through the real
// github.com/silenceper/wechat/v2 code: Install routes the SDK's HTTP to
// the server.
package mptest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// Sent is one message the gateway sent by the customer-service or the
// template API.
type Sent struct {
	OpenID string
	Text   string
	// Picture is the image of an image message: the bytes uploaded under
	// its media_id (Text is then empty).
	Picture []byte
	// Template is the template id for a template message ("" otherwise).
	Template string
}

// Server is the Official Account API. Its zero value is not usable; call
// NewServer.
type Server struct {
	*httptest.Server
	AppID, Secret string

	mu            sync.Mutex
	tokens        map[string]bool // token → still valid
	seq           int
	fetches       int
	sent          []Sent
	menu          string
	closed        map[string]bool // openid → window closed on WeChat's side
	noCustomerAPI bool
	changed       chan struct{}     // closed and replaced at each send
	media         map[string][]byte // media_id → uploaded image
}

// NewServer starts a server for one account; t's cleanup stops it.
func NewServer(t testing.TB, appID, secret string) *Server {
	s := &Server{AppID: appID, Secret: secret, tokens: map[string]bool{}, closed: map[string]bool{}, changed: make(chan struct{}),
		media: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/cgi-bin/token", s.token)
	mux.HandleFunc("/cgi-bin/message/custom/send", s.custom)
	mux.HandleFunc("/cgi-bin/message/template/send", s.template)
	mux.HandleFunc("/cgi-bin/menu/create", s.menuCreate)
	mux.HandleFunc("/cgi-bin/media/upload", s.mediaUpload)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// Install routes the SDK's HTTP (its package-level client) to the server
// until the test ends. The SDK has one client for the whole process, so
// tests that install a server must not run in parallel.
func (s *Server) Install(t testing.TB) {
	prev := util.DefaultHTTPClient
	target, _ := url.Parse(s.URL)
	util.DefaultHTTPClient = &http.Client{Transport: &route{target: target}}
	t.Cleanup(func() { util.DefaultHTTPClient = prev })
}

type route struct{ target *url.URL }

func (r *route) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Hostname(), "weixin.qq.com") {
		return http.DefaultTransport.RoundTrip(req)
	}
	c := req.Clone(req.Context())
	c.URL.Scheme, c.URL.Host = r.target.Scheme, r.target.Host
	return http.DefaultTransport.RoundTrip(c)
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, code int, msg string) {
	reply(w, map[string]any{"errcode": code, "errmsg": msg})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("appid") != s.AppID || q.Get("secret") != s.Secret {
		apiError(w, 40125, "invalid appsecret")
		return
	}
	s.mu.Lock()
	s.seq++
	s.fetches++
	tok := fmt.Sprintf("token-%d", s.seq)
	s.tokens[tok] = true
	s.mu.Unlock()
	reply(w, map[string]any{"access_token": tok, "expires_in": 7200})
}

// authorised checks the access_token of a call and answers WeChat's error
// when it is expired or unknown.
func (s *Server) authorised(w http.ResponseWriter, r *http.Request) bool {
	tok := r.URL.Query().Get("access_token")
	valid, known := s.tokens[tok]
	switch {
	case !known:
		apiError(w, 40001, "invalid credential, access_token is invalid or not latest")
		return false
	case !valid:
		apiError(w, 42001, "access_token expired")
		return false
	}
	return true
}

// mediaUpload takes a temporary image as WeChat does: a multipart form
// with the file under "media", type=image in the query; it answers with
// the media_id an image message then names.
func (s *Server) mediaUpload(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("type") != "image" {
		apiError(w, 40004, "invalid media type")
		return
	}
	f, hdr, err := r.FormFile("media")
	if err != nil {
		apiError(w, 41005, "media data missing")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil || len(data) == 0 || !strings.HasSuffix(strings.ToLower(hdr.Filename), ".png") {
		apiError(w, 40005, "invalid file type")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorised(w, r) {
		return
	}
	id := fmt.Sprintf("media-%d", len(s.media)+1)
	s.media[id] = data
	reply(w, map[string]any{"type": "image", "media_id": id, "created_at": time.Now().Unix()})
}

func (s *Server) custom(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ToUser  string `json:"touser"`
		MsgType string `json:"msgtype"`
		Text    struct {
			Content string `json:"content"`
		} `json:"text"`
		Image struct {
			MediaID string `json:"media_id"`
		} `json:"image"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		apiError(w, 47001, "data format error")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorised(w, r) {
		return
	}
	switch {
	case s.noCustomerAPI:
		apiError(w, 48001, "api unauthorized")
	case s.closed[body.ToUser]:
		apiError(w, 45015, "response out of time limit or subscription is canceled")
	case body.MsgType == "image":
		pic, ok := s.media[body.Image.MediaID]
		if !ok {
			apiError(w, 40007, "invalid media_id")
			return
		}
		s.record(Sent{OpenID: body.ToUser, Picture: pic})
		apiError(w, 0, "ok")
	default:
		s.record(Sent{OpenID: body.ToUser, Text: body.Text.Content})
		apiError(w, 0, "ok")
	}
}

func (s *Server) template(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ToUser     string `json:"touser"`
		TemplateID string `json:"template_id"`
		Data       map[string]struct {
			Value string `json:"value"`
		} `json:"data"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		apiError(w, 47001, "data format error")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorised(w, r) {
		return
	}
	var parts []string
	for k, v := range body.Data {
		parts = append(parts, k+"="+v.Value)
	}
	s.record(Sent{OpenID: body.ToUser, Template: body.TemplateID, Text: strings.Join(parts, " ")})
	s.seq++
	reply(w, map[string]any{"errcode": 0, "errmsg": "ok", "msgid": s.seq})
}

func (s *Server) menuCreate(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorised(w, r) {
		return
	}
	s.menu = string(body)
	apiError(w, 0, "ok")
}

// ExpireTokens makes every token handed out so far expired (42001), as
// when WeChat ends a token early.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok := range s.tokens {
		s.tokens[tok] = false
	}
}

// TokenFetches counts tokens handed out.
func (s *Server) TokenFetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fetches
}

// Sent returns what was sent so far, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// record keeps a send and wakes WaitSent; s.mu is held.
func (s *Server) record(m Sent) {
	s.sent = append(s.sent, m)
	close(s.changed)
	s.changed = make(chan struct{})
}

// WaitSent waits until n messages were sent, or ctx ends.
func (s *Server) WaitSent(ctx context.Context, n int) ([]Sent, error) {
	for {
		s.mu.Lock()
		sent, changed := append([]Sent(nil), s.sent...), s.changed
		s.mu.Unlock()
		if len(sent) >= n {
			return sent, nil
		}
		select {
		case <-ctx.Done():
			return sent, fmt.Errorf("%d of %d messages sent: %w", len(sent), n, ctx.Err())
		case <-changed:
		}
	}
}

// Menu is the last menu created, as posted.
func (s *Server) Menu() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.menu
}

// CloseWindow makes WeChat refuse customer-service messages to openid
// (45015), as past the 48 hours or after an unfollow.
func (s *Server) CloseWindow(openid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed[openid] = true
}

// NoCustomerAPI makes the account one without the customer-service API
// (48001: an unverified subscription account).
func (s *Server) NoCustomerAPI() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noCustomerAPI = true
}
