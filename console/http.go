package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"linli/bot"
	"linli/knowledge"
)

// cookieName names the session cookie.
const cookieName = "linli_session"

// pages are the parsed templates, one set per page around the layout.
type pages struct {
	set map[string]*template.Template
}

// parsePages parses every page; times are shown in loc, the communities'
// time zone, whatever the server's.
func parsePages(loc *time.Location) (*pages, error) {
	funcs := template.FuncMap{
		"date": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.In(loc).Format("01-02 15:04")
		},
		"datetime": func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") },
		"pct":      func(f float64) float64 { return f * 100 },
		"join":     strings.Join,
		"articles": func(as []int) string {
			names := make([]string, len(as))
			for i, a := range as {
				names[i] = knowledge.ArticleName(a)
			}
			return strings.Join(names, "、")
		},
	}
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{set: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(assets, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("parse console page %s: %w", base, err)
		}
		p.set[strings.TrimSuffix(base, ".html")] = t
	}
	return p, nil
}

// view is what every page template gets.
type view struct {
	Title string
	// Nav is the active menu entry.
	Nav   string
	Nonce string
	// Once is fresh at every render: a form that creates something sends
	// it as its nonce, so a double tap acts once and the next form again.
	Once  string
	CSRF  string
	Grant Grant
	// Communities the user may pick from; Community is the one shown.
	Communities []string
	Community   string
	// Notes are the answers of the last action, as the chat would show.
	Notes []string
	Data  any
}

type ctxKey int

const (
	keyNonce ctxKey = iota
	keySession
)

func nonceOf(ctx context.Context) string {
	s, _ := ctx.Value(keyNonce).(string)
	return s
}

func sessionOf(ctx context.Context) Session {
	s, _ := ctx.Value(keySession).(Session)
	return s
}

// secure sets the headers every response carries: a Content-Security-
// Policy whose only script is the page's own, with a fresh nonce.
func (s *Server) secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce, err := newSecret()
		if err != nil {
			http.Error(w, "服务器出错", http.StatusInternalServerError)
			return
		}
		nonce = nonce[:22]
		hd := w.Header()
		hd.Set("Content-Security-Policy", fmt.Sprintf("default-src 'none'; script-src 'nonce-%s'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'", nonce))
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyNonce, nonce)))
	})
}

// need wraps a page that needs a session of at least the given role; a
// POST must carry the session's CSRF token.
func (s *Server) need(min Role, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _ := r.Cookie(cookieName)
		var id string
		if c != nil {
			id = c.Value
		}
		se, err := s.d.Auth.Session(r.Context(), id, s.d.Clock.Now())
		switch {
		case errors.Is(err, ErrNoSession):
			s.render(w, r, http.StatusUnauthorized, "message", view{Title: "请先登录", Data: message{
				Text: "请先登录：在微信里私聊机器人发送「后台」，点开收到的链接。"}})
			return
		case err != nil:
			s.fail(w, r, err)
			return
		}
		if se.Grant.Role < min {
			s.render(w, r, http.StatusForbidden, "message", view{Title: "没有权限", Grant: se.Grant, Data: message{Text: "这个页面只有" + min.String() + "可以打开。"}})
			return
		}
		if r.Method == http.MethodPost && !equalSecret(r.PostFormValue("csrf"), se.CSRF) {
			s.render(w, r, http.StatusForbidden, "message", view{Title: "请求无效", Grant: se.Grant, Data: message{Text: "页面已过期，请返回刷新后再提交。"}})
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), keySession, se)))
	})
}

// message is the data of the plain message page.
type message struct {
	Text string
	Link string
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, page string, v view) {
	t, ok := s.pages.set[page]
	if !ok {
		s.fail(w, r, fmt.Errorf("no console page %q", page))
		return
	}
	v.Nonce = nonceOf(r.Context())
	once, err := newSecret()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Once = once[:16]
	if se := sessionOf(r.Context()); se.Hash != "" {
		v.CSRF, v.Grant = se.CSRF, se.Grant
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.fail(w, r, fmt.Errorf("render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// fail logs an error for the operator and shows the user a short
// sentence.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.d.Log.Error("console request failed", "path", r.URL.Path, "err", err)
	http.Error(w, "抱歉，后台出了点问题，请稍后再试。", http.StatusInternalServerError)
}

// routes lists every page.
func (s *Server) routes() {
	static, _ := fs.Sub(assets, "static")
	m := s.mux
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.Handle("GET /login", s.secure(http.HandlerFunc(s.loginPage)))
	m.Handle("POST /login", s.secure(http.HandlerFunc(s.login)))
	m.Handle("POST /logout", s.secure(s.need(Coordinator, s.logout)))
	m.Handle("GET /{$}", s.secure(s.need(Coordinator, s.overview)))
	m.Handle("GET /volunteer", s.secure(s.need(Coordinator, s.volunteerPage)))
	m.Handle("POST /volunteer/act", s.secure(s.need(Coordinator, s.formAction(volunteerCommands, s.showVolunteer))))
	m.Handle("GET /volunteer/member", s.secure(s.need(Coordinator, s.volunteerHistory)))
	m.Handle("GET /volunteer/ledger.xlsx", s.secure(s.need(Coordinator, s.ledger)))
	m.Handle("GET /reminders", s.secure(s.need(Coordinator, s.remindersPage)))
	m.Handle("POST /reminders", s.secure(s.need(Coordinator, s.formAction(reminderCommands, s.showReminders))))
	m.Handle("GET /checkin", s.secure(s.need(Coordinator, s.checkinPage)))
	m.Handle("GET /checkin.csv", s.secure(s.need(Coordinator, s.checkinCSV)))
	m.Handle("GET /events", s.secure(s.need(Coordinator, s.eventsPage)))
	m.Handle("POST /events", s.secure(s.need(Coordinator, s.formAction(eventCommands, s.showEvents))))
	m.Handle("GET /shop", s.secure(s.need(Coordinator, s.shopPage)))
	m.Handle("POST /shop", s.secure(s.need(Coordinator, s.formAction(shopCommands, s.showShop))))
	m.Handle("GET /knowledge", s.secure(s.need(Coordinator, s.knowledgePage)))
	m.Handle("POST /knowledge", s.secure(s.need(Coordinator, s.formAction(knowledgeCommands, s.showKnowledge))))
	m.Handle("GET /audit", s.secure(s.need(Coordinator, s.auditPage)))
	m.Handle("GET /audit.csv", s.secure(s.need(Coordinator, s.auditCSV)))
	m.Handle("GET /bot", s.secure(s.need(Operator, s.botPage)))
}

// loginPage shows a button that uses the link: opening the link alone
// (a chat app's preview fetches it) must not spend it.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.render(w, r, http.StatusOK, "login", view{Title: "登录后台", Data: loginForm{Token: q.Get("t"), Next: localPath(q.Get("next"))}})
}

// login turns a one-time link into a session, rotating away any session
// the browser had. Attempts are rate-limited per address and audited.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	now := s.d.Clock.Now()
	ip := clientIP(r)
	if !s.logins.allow(ip, now) {
		s.audit(r.Context(), bot.AuditEntry{Time: now, Action: "console login refused", Detail: "尝试太频繁 " + ip})
		s.render(w, r, http.StatusTooManyRequests, "message", view{Title: "稍后再试", Data: message{Text: "尝试太频繁，请过几分钟再试。"}})
		return
	}
	if c, _ := r.Cookie(cookieName); c != nil {
		if err := s.d.Auth.End(r.Context(), c.Value); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	se, id, err := s.d.Auth.Redeem(r.Context(), r.PostFormValue("t"), now)
	var text string
	switch {
	case errors.Is(err, ErrNoLink):
		text = "登录链接无效。请在微信里私聊机器人发送「后台」获取新链接。"
	case errors.Is(err, ErrLinkUsed):
		text = "这个登录链接已经用过了。请发送「后台」获取新链接。"
	case errors.Is(err, ErrLinkExpired):
		text = "登录链接已过期（10分钟内有效）。请发送「后台」获取新链接。"
	case err != nil:
		s.fail(w, r, err)
		return
	}
	if text != "" {
		s.audit(r.Context(), bot.AuditEntry{Time: now, Action: "console login refused", Detail: text + " " + ip})
		s.render(w, r, http.StatusForbidden, "message", view{Title: "无法登录", Data: message{Text: text}})
		return
	}
	s.audit(r.Context(), bot.AuditEntry{Time: now, MemberID: se.Grant.MemberID, Actor: se.Grant.Name, Community: se.Grant.Community,
		Action: "console login", Detail: fmt.Sprintf("%s（%s）从 %s 登录后台", se.Grant.Name, se.Grant.Role, ip)})
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: id, Path: "/", HttpOnly: true, Secure: isTLS(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(MaxSession / time.Second)})
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

// loginForm is the login page's data.
type loginForm struct {
	Token string
	// Next is the console page to open after login (the ledger from 导出).
	Next string
}

// localPath keeps a redirect inside the console: a path of ours, never
// another site ("//evil", "https://…").
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, _ := r.Cookie(cookieName); c != nil {
		if err := s.d.Auth.End(r.Context(), c.Value); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true, Secure: isTLS(r), MaxAge: -1})
	s.render(w, r.WithContext(context.WithValue(r.Context(), keySession, Session{})), http.StatusOK, "message",
		view{Title: "已退出", Data: message{Text: "已退出后台。"}})
}

func (s *Server) audit(ctx context.Context, e bot.AuditEntry) {
	if err := s.d.Auditor.Audit(ctx, e); err != nil {
		s.d.Log.Error("cannot audit a console login", "err", err)
	}
}

// isTLS tells whether the browser reached us over HTTPS, directly or
// through the reverse proxy the README describes.
func isTLS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// loginLimiter allows a few login attempts per address: a guessed token
// is hopeless anyway (256 bits), but a flood fills the audit log.
type loginLimiter struct {
	mu  sync.Mutex
	per map[string]*rate.Limiter
}

func newLoginLimiter() *loginLimiter { return &loginLimiter{per: map[string]*rate.Limiter{}} }

// Login attempts: a burst of loginBurst, then one every loginEvery.
const (
	loginBurst = 10
	loginEvery = 30 * time.Second
)

func (l *loginLimiter) allow(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.per[ip]
	if !ok {
		if len(l.per) > 10000 { // forget idle addresses rather than grow
			clear(l.per)
		}
		lim = rate.NewLimiter(rate.Every(loginEvery), loginBurst)
		l.per[ip] = lim
	}
	return lim.AllowN(now, 1)
}

// scope is the communities a request shows: the one picked with ?c= when
// the user may see it, else every community they see; one is the
// community acted on (the picked one or the first).
func (s *Server) scope(r *http.Request) (all []string, one string) {
	g := sessionOf(r.Context()).Grant
	var names []string
	for _, c := range s.d.Directory.Communities() {
		names = append(names, c.Name)
	}
	all = g.Communities(names)
	pick := r.FormValue("c")
	if pick != "" && slices.Contains(all, pick) {
		return all, pick
	}
	if len(all) > 0 {
		one = all[0]
	}
	return all, one
}
