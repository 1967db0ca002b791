// Package wechattest is a local web-WeChat protocol server for tests: an
// httptest server that speaks the subset of the protocol openwechat uses
// (QR login, init, contacts, sync, send, logout) with the real JSON and XML
// shapes. A client is pointed at it through Transport, which routes
// WeChat's hosts to the server, so tests exercise the real library.
//
// The server holds one account (the bot), its friends and its groups, and
// can be scripted: a scan, group and private messages, @-mentions, a
// re-login that changes every UserName, a forced logout, a flapping
// synccheck, history replay, slow or failing sends. It records every
// webwxsendmsg with its time, target and text.
package wechattest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Contact is a WeChat account the bot knows: a friend, or someone it only
// meets in groups.
type Contact struct {
	// Key is the test's stable name for the account; UserNames are derived
	// from it and change with every login epoch.
	Key      string
	NickName string
	// RemarkName is what the bot's owner renamed the friend to.
	RemarkName string
	// Friend puts the account in the bot's contact list.
	Friend bool
	// AvatarSeq is the avatar version shown in HeadImgUrl.
	AvatarSeq int
}

// Group is a group chat the bot is in.
type Group struct {
	Name string
	// Saved puts the group in the contact list; unsaved groups are found
	// only through webwxinit's ChatSet and batch contact fetch.
	Saved bool
	// Members maps contact keys to their display names in the group ("" for
	// none); the bot itself is added automatically.
	Members map[string]string
}

// Sent is one message the client sent through webwxsendmsg.
type Sent struct {
	At         time.Time
	ToUserName string
	// To is the group name or contact key the UserName stood for at the
	// time of sending ("" when it matched nothing).
	To      string
	Text    string
	Session int
	// Picture is the image sent through webwxsendmsgimg (Text is then
	// empty): the bytes uploaded under its MediaId.
	Picture []byte
	// File and FileName are the document sent through webwxsendappmsg
	// (Text is then empty): the bytes uploaded under the attachment id its
	// XML names, and the title it shows.
	File     []byte
	FileName string
}

// Options tunes the server. Zero values give short, test-friendly waits.
type Options struct {
	// BotNick is the bot's nickname (default 社区小助手).
	BotNick string
	// PollHold is how long login and synccheck long polls wait for news
	// before answering "nothing yet" (default 50ms).
	PollHold time.Duration
	// Now is the server's clock, used for message CreateTime and the send
	// record (default time.Now).
	Now func() time.Time
	// KeepUserNames keeps UserNames across fresh logins; real WeChat
	// changes them, so the default is to change.
	KeepUserNames bool
	// AllowWebMode accepts logins without the desktop (UOS) headers; real
	// WeChat refuses most accounts in plain web mode.
	AllowWebMode bool
	// NoEcho stops the server echoing the bot's own sent messages back
	// through webwxsync, as real WeChat does.
	NoEcho bool
}

// Server is the fake WeChat.
type Server struct {
	*httptest.Server
	opt Options

	mu       sync.Mutex
	changed  chan struct{}
	contacts map[string]*Contact
	order    []string
	groups   map[string]*Group
	gorder   []string

	epoch   int // login epoch: UserNames change with it
	uuidN   int
	logins  map[string]*qrLogin
	lastQR  string
	qrCount int
	autoOK  bool
	sess    *session
	sessN   int

	log     []queued
	seq     int64
	fetched int64
	msgN    int64

	syncFail  []string // retcodes to answer the next synccheck calls with
	flap      int      // next synccheck calls answered with HTTP 502
	sendFail  int
	sendRet   int
	sendDelay time.Duration
	sent      []Sent
	calls     map[string]int
	hot       int
	refuse    string
	media     map[string][]byte // uploaded files by MediaId
	uploading map[string][]byte // chunks so far, by client media id
}

type qrLogin struct {
	uuid         string
	state        int // 0 waiting, 1 scanned, 2 confirmed, 3 expired
	ticket       string
	polling      bool
	scanReported bool
}

type session struct {
	n          int
	uin        int64
	sid, skey  string
	passTicket string
	valid      bool
	synced     bool
	pendingRet string
}

type queued struct {
	seq  int64
	msg  Message
	id   string
	time time.Time
}

// Message is one scripted inbound message.
type Message struct {
	// Group is the group name; empty for a private message.
	Group string
	// From is the sender's contact key; "" means the bot itself.
	From string
	Text string
	// Image sends a photo instead of text.
	Image bool
	// Time is the CreateTime; zero means the server's now.
	Time time.Time

	to string // the recipient of the bot's own private message (echo)
}

// New starts a server. Close it when done.
func New(opt Options) *Server {
	if opt.BotNick == "" {
		opt.BotNick = "社区小助手"
	}
	if opt.PollHold <= 0 {
		opt.PollHold = 50 * time.Millisecond
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &Server{
		opt:      opt,
		changed:  make(chan struct{}),
		contacts: map[string]*Contact{},
		groups:   map[string]*Group{},
		logins:   map[string]*qrLogin{},
		calls:    map[string]int{},
		epoch:    1,
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// notify wakes every long poll; the caller holds mu.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// wait blocks until the state changes, d passes or ctx ends; the caller
// holds mu, which is released while waiting.
func (s *Server) wait(ctx context.Context, d time.Duration) {
	ch := s.changed
	s.mu.Unlock()
	t := time.NewTimer(d)
	select {
	case <-ch:
	case <-t.C:
	case <-ctx.Done():
	}
	t.Stop()
	s.mu.Lock()
}

// AddContact adds an account the bot knows.
func (s *Server) AddContact(c Contact) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.contacts[c.Key]; !ok {
		s.order = append(s.order, c.Key)
	}
	cc := c
	s.contacts[c.Key] = &cc
}

// AddGroup adds a group the bot is in.
func (s *Server) AddGroup(g Group) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.groups[g.Name]; !ok {
		s.gorder = append(s.gorder, g.Name)
	}
	gg := g
	gg.Members = map[string]string{}
	for k, v := range g.Members {
		gg.Members[k] = v
	}
	s.groups[g.Name] = &gg
}

// SetDisplayName changes a member's display name in a group.
func (s *Server) SetDisplayName(group, key, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g, ok := s.groups[group]; ok {
		g.Members[key] = name
	}
}

// AutoConfirm makes every QR code scanned and confirmed at once, as if
// someone stood by with a phone.
func (s *Server) AutoConfirm(on bool) {
	s.mu.Lock()
	s.autoOK = on
	s.notify()
	s.mu.Unlock()
}

// WaitQR blocks until a client is polling a QR code and returns its uuid.
func (s *Server) WaitQR(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if l, ok := s.logins[s.lastQR]; ok && l.polling && l.state < 2 {
			return l.uuid, nil
		}
		if err := ctx.Err(); err != nil {
			return "", fmt.Errorf("wait for QR: %w", err)
		}
		s.wait(ctx, time.Second)
	}
}

// Scan marks the latest QR code scanned (the phone shows "confirm").
func (s *Server) Scan() { s.setQR(1) }

// Confirm marks the latest QR code scanned and confirmed.
func (s *Server) Confirm() { s.setQR(2) }

// ExpireQR makes the latest QR code expire.
func (s *Server) ExpireQR() { s.setQR(3) }

func (s *Server) setQR(state int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.logins[s.lastQR]; ok {
		l.state = state
	}
	s.notify()
}

// RefuseLogin makes the next logins fail at webwxnewloginpage with msg, as
// WeChat does for accounts it will not let onto the web; "" lifts it.
func (s *Server) RefuseLogin(msg string) {
	s.mu.Lock()
	s.refuse = msg
	s.mu.Unlock()
}

// QRCount is how many QR codes were handed out.
func (s *Server) QRCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.qrCount
}

// HotLogins counts webwxinit calls that reused an existing session.
func (s *Server) HotLogins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hot
}

// Calls counts requests to a protocol endpoint, by its last path element
// ("synccheck", "webwxbatchgetcontact").
func (s *Server) Calls(endpoint string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[endpoint]
}

// WaitCalls blocks until endpoint was requested at least n times.
func (s *Server) WaitCalls(ctx context.Context, endpoint string, n int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.calls[endpoint] < n {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("wait for %d calls to %s (have %d): %w", n, endpoint, s.calls[endpoint], err)
		}
		s.wait(ctx, time.Second)
	}
	return nil
}

// Online reports whether a session is logged in.
func (s *Server) Online() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sess != nil && s.sess.valid
}

// WaitOnline blocks until a session is logged in and the client has
// polled synccheck with it at least once.
func (s *Server) WaitOnline(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if s.sess != nil && s.sess.valid && s.sess.synced {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("wait online: %w", err)
		}
		s.wait(ctx, time.Second)
	}
}

// Sessions counts fresh (QR) logins so far.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessN
}

// Logout ends the session from WeChat's side: the next synccheck answers
// retcode ret (1101 when 0) and the session can no longer be reused, so the
// client must log in by QR again.
func (s *Server) Logout(ret int) {
	if ret == 0 {
		ret = 1101
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess != nil {
		s.sess.valid = false
		s.sess.pendingRet = strconv.Itoa(ret)
	}
	s.notify()
}

// FailSync answers the next synccheck calls with the given retcodes while
// keeping the session valid, so a hot login can resume it.
func (s *Server) FailSync(retcodes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range retcodes {
		s.syncFail = append(s.syncFail, strconv.Itoa(r))
	}
	s.notify()
}

// Flap answers the next n synccheck calls with HTTP 502, like a flaky
// network path.
func (s *Server) Flap(n int) {
	s.mu.Lock()
	s.flap += n
	s.notify()
	s.mu.Unlock()
}

// FailSends makes the next n webwxsendmsg calls fail with BaseResponse ret
// (1205, "too often", when 0).
func (s *Server) FailSends(n, ret int) {
	if ret == 0 {
		ret = 1205
	}
	s.mu.Lock()
	s.sendFail, s.sendRet = n, ret
	s.mu.Unlock()
}

// SlowSends delays every webwxsendmsg answer by d.
func (s *Server) SlowSends(d time.Duration) {
	s.mu.Lock()
	s.sendDelay = d
	s.mu.Unlock()
}

// Say queues an inbound message and returns its MsgId.
func (s *Server) Say(m Message) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queue(m)
}

// GroupSays queues a text from member key in group.
func (s *Server) GroupSays(group, key, text string) string {
	return s.Say(Message{Group: group, From: key, Text: text})
}

// GroupMentions queues a text that @-mentions the bot by its display name
// in the group, the way the WeChat app writes it ("@name\u2005text").
func (s *Server) GroupMentions(group, key, text string) string {
	s.mu.Lock()
	name := s.opt.BotNick
	if g, ok := s.groups[group]; ok && g.Members["self"] != "" {
		name = g.Members["self"]
	}
	s.mu.Unlock()
	return s.Say(Message{Group: group, From: key, Text: "@" + name + "\u2005" + text})
}

// PrivateSays queues a private text from key to the bot.
func (s *Server) PrivateSays(key, text string) string {
	return s.Say(Message{From: key, Text: text})
}

func (s *Server) queue(m Message) string {
	if m.Time.IsZero() {
		m.Time = s.opt.Now()
	}
	s.msgN++
	id := strconv.FormatInt(4000000000000000000+s.msgN, 10)
	s.seq++
	s.log = append(s.log, queued{seq: s.seq, msg: m, id: id, time: m.Time})
	s.notify()
	return id
}

// ReplayHistory delivers again every message the client already fetched,
// with the same MsgId and CreateTime, as WeChat does after a login.
func (s *Server) ReplayHistory() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var old []queued
	for _, q := range s.log {
		if q.seq <= s.fetched && q.msg.From != "" {
			old = append(old, q)
		}
	}
	for _, q := range old {
		s.seq++
		s.log = append(s.log, queued{seq: s.seq, msg: q.msg, id: q.id, time: q.time})
	}
	s.notify()
	return len(old)
}

// Sent returns every message sent so far, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// WaitSent blocks until at least n messages were sent.
func (s *Server) WaitSent(ctx context.Context, n int) ([]Sent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.sent) < n {
		if err := ctx.Err(); err != nil {
			return append([]Sent(nil), s.sent...), fmt.Errorf("wait for %d sent (have %d): %w", n, len(s.sent), err)
		}
		s.wait(ctx, time.Second)
	}
	return append([]Sent(nil), s.sent...), nil
}

// UserName is the current UserName of a contact key ("self" for the bot).
func (s *Server) UserName(key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.userName(key)
}

// GroupUserName is the current UserName of a group.
func (s *Server) GroupUserName(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.groupUserName(name)
}

func (s *Server) userName(key string) string {
	return fmt.Sprintf("@%x", hash(fmt.Sprintf("u/%s/%d", key, s.epoch)))
}

func (s *Server) groupUserName(name string) string {
	return fmt.Sprintf("@@%x", hash(fmt.Sprintf("g/%s/%d", name, s.epoch)))
}

// resolve maps a UserName of the current epoch back to a group name or a
// contact key.
func (s *Server) resolve(userName string) (string, bool) {
	for _, g := range s.gorder {
		if s.groupUserName(g) == userName {
			return g, true
		}
	}
	if s.userName("self") == userName {
		return "self", true
	}
	for _, k := range s.allKeys() {
		if s.userName(k) == userName {
			return k, false
		}
	}
	return "", false
}

// allKeys lists contacts, then accounts met only in groups, sorted.
func (s *Server) allKeys() []string {
	seen := map[string]bool{}
	out := append([]string(nil), s.order...)
	for _, k := range out {
		seen[k] = true
	}
	var extra []string
	for _, g := range s.groups {
		for k := range g.Members {
			if !seen[k] && k != "self" {
				seen[k] = true
				extra = append(extra, k)
			}
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// hash is FNV-1a, enough to make ids look like WeChat's.
func hash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
