package wechattest

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The shapes below follow what openwechat v1.4.10 parses (entity.go,
// caller.go, sync_check.go, global.go): JSON with WeChat's capitalised
// field names, XML for the login info, JavaScript snippets for the polls.

type baseResponse struct {
	Ret    int
	ErrMsg string
}

type baseRequest struct {
	Uin      int64
	Sid      string
	Skey     string
	DeviceID string
}

type syncKey struct {
	Count int
	List  []keyVal
}

type keyVal struct{ Key, Val int64 }

type user struct {
	Uin             int64
	UserName        string
	NickName        string
	HeadImgUrl      string
	ContactFlag     int
	MemberCount     int
	MemberList      []user
	RemarkName      string
	Sex             int
	Signature       string
	VerifyFlag      int
	StarFriend      int
	AttrStatus      int64
	Province        string
	City            string
	Alias           string
	DisplayName     string
	KeyWord         string
	EncryChatRoomId string
}

type message struct {
	MsgId                string
	FromUserName         string
	ToUserName           string
	MsgType              int
	Content              string
	Status               int
	ImgStatus            int
	CreateTime           int64
	VoiceLength          int
	PlayLength           int
	FileName             string
	FileSize             string
	MediaId              string
	Url                  string
	AppMsgType           int
	StatusNotifyCode     int
	StatusNotifyUserName string
	HasProductId         int
	Ticket               string
	ImgHeight            int
	ImgWidth             int
	SubMsgType           int
	NewMsgId             int64
	OriContent           string
	EncryFileName        string
}

const (
	loginHost = "login.wx.qq.com"
	qrHost    = "login.weixin.qq.com"
	baseHost  = "wx.qq.com"
	pushHost  = "webpush.wx.qq.com"
	fileHost  = "file.wx.qq.com"
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	endpoint := path.Base(r.URL.Path)
	host := r.Host
	if strings.HasPrefix(r.URL.Path, "/qrcode/") {
		endpoint = "qrcode"
	}
	s.mu.Lock()
	s.calls[endpoint]++
	s.notify()
	s.mu.Unlock()
	switch {
	case host == loginHost && endpoint == "jslogin":
		s.jslogin(w, r)
	case host == loginHost && endpoint == "login":
		s.loginPoll(w, r)
	case host == qrHost && endpoint == "qrcode":
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write([]byte("\xff\xd8\xff\xe0 fake QR \xff\xd9"))
	case host == baseHost && endpoint == "webwxnewloginpage":
		s.newLoginPage(w, r)
	case host == baseHost && endpoint == "webwxinit":
		s.webInit(w, r)
	case host == baseHost && endpoint == "webwxstatusnotify":
		s.statusNotify(w, r)
	case host == baseHost && endpoint == "webwxgetcontact":
		s.getContact(w, r)
	case host == baseHost && endpoint == "webwxbatchgetcontact":
		s.batchGetContact(w, r)
	case host == pushHost && endpoint == "synccheck":
		s.syncCheck(w, r)
	case host == baseHost && endpoint == "webwxsync":
		s.webSync(w, r)
	case host == baseHost && endpoint == "webwxsendmsg":
		s.sendMsg(w, r)
	case host == fileHost && endpoint == "webwxuploadmedia":
		s.uploadMedia(w, r)
	case host == baseHost && endpoint == "webwxsendmsgimg":
		s.sendImage(w, r)
	case host == baseHost && endpoint == "webwxsendappmsg":
		s.sendAppMsg(w, r)
	case host == baseHost && endpoint == "webwxlogout":
		s.logout(w, r)
	default:
		http.Error(w, "not implemented by wechattest: "+host+r.URL.Path, http.StatusNotFound)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "text/plain")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func (s *Server) jslogin(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("appid") == "" || q.Get("redirect_uri") == "" {
		fmt.Fprint(w, `window.QRLogin.code = 400; window.QRLogin.error = "missing appid";`)
		return
	}
	s.mu.Lock()
	s.uuidN++
	s.qrCount++
	uuid := fmt.Sprintf("Q%dx%x==", s.uuidN, hash(strconv.Itoa(s.uuidN)))
	s.logins[uuid] = &qrLogin{uuid: uuid}
	s.lastQR = uuid
	s.notify()
	s.mu.Unlock()
	fmt.Fprintf(w, `window.QRLogin.code = 200; window.QRLogin.uuid = "%s";`, uuid)
}

func (s *Server) loginPoll(w http.ResponseWriter, r *http.Request) {
	uuid := r.URL.Query().Get("uuid")
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.logins[uuid]
	if !ok {
		fmt.Fprint(w, `window.code=400;`)
		return
	}
	if !l.polling {
		l.polling = true
		s.notify()
	}
	deadline := time.Now().Add(s.opt.PollHold)
	for {
		if s.autoOK {
			switch {
			case l.state == 0:
				l.state = 1
			case l.state == 1 && l.scanReported:
				l.state = 2
			}
		}
		switch l.state {
		case 1, 2:
			// A confirmed code was scanned first: the page hears 201 then 200.
			if !l.scanReported {
				l.scanReported = true
				fmt.Fprint(w, `window.code=201;window.userAvatar = 'data:img/jpg;base64,/9j/4AAQ';`)
				return
			}
			if l.state == 1 {
				break
			}
			l.ticket = fmt.Sprintf("T%x", hash(uuid+"ticket"))
			l.state = 4
			fmt.Fprintf(w, "window.code=200;\nwindow.redirect_uri=\"https://%s/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=%s&uuid=%s&lang=zh_CN&scan=%d\";",
				baseHost, l.ticket, url.QueryEscape(uuid), s.opt.Now().Unix())
			return
		case 3, 4:
			fmt.Fprint(w, `window.code=400;`)
			return
		}
		left := time.Until(deadline)
		if left <= 0 || r.Context().Err() != nil {
			fmt.Fprint(w, `window.code=408;`)
			return
		}
		s.wait(r.Context(), left)
	}
}

func (s *Server) newLoginPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	var l *qrLogin
	for _, c := range s.logins {
		if c.ticket != "" && c.ticket == q.Get("ticket") {
			l = c
		}
	}
	w.Header().Set("Content-Type", "text/plain")
	if l == nil {
		fmt.Fprint(w, `<error><ret>1</ret><message>ticket invalid</message></error>`)
		return
	}
	l.ticket = ""
	if s.refuse != "" {
		fmt.Fprintf(w, `<error><ret>1203</ret><message>%s</message></error>`, html.EscapeString(s.refuse))
		return
	}
	if !s.opt.AllowWebMode && (r.Header.Get("extspam") == "" || r.Header.Get("client-version") == "") {
		fmt.Fprint(w, `<error><ret>1203</ret><message>为了你的帐号安全，此微信号已不允许登录网页微信。你可以使用Windows微信或Mac微信在电脑端登录。</message></error>`)
		return
	}
	s.sessN++
	if s.sessN > 1 && !s.opt.KeepUserNames {
		s.epoch++
	}
	if s.sess != nil {
		s.sess.valid = false
	}
	n := s.sessN
	s.sess = &session{
		n:          n,
		uin:        1234567890,
		sid:        fmt.Sprintf("sid%x", hash(fmt.Sprint("sid", n))),
		skey:       fmt.Sprintf("@crypt_%x", hash(fmt.Sprint("skey", n))),
		passTicket: fmt.Sprintf("pt%x", hash(fmt.Sprint("pt", n))),
		valid:      true,
	}
	for _, c := range []*http.Cookie{
		{Name: "wxsid", Value: s.sess.sid, Path: "/"},
		{Name: "wxuin", Value: "1234567890", Path: "/"},
		// Real WeChat scopes the data ticket to all of qq.com: uploads to
		// file.wx.qq.com carry it in the form.
		{Name: "webwx_data_ticket", Value: fmt.Sprintf("dt%d", n), Path: "/", Domain: "qq.com"},
	} {
		http.SetCookie(w, c)
	}
	s.notify()
	fmt.Fprintf(w, `<error><ret>0</ret><message></message><skey>%s</skey><wxsid>%s</wxsid><wxuin>%d</wxuin><pass_ticket>%s</pass_ticket><isgrayscale>1</isgrayscale></error>`,
		s.sess.skey, s.sess.sid, s.sess.uin, s.sess.passTicket)
}

// session returns the current session when the request carries it.
func (s *Server) validSession(sid string) *session {
	if s.sess != nil && s.sess.valid && s.sess.sid == sid {
		return s.sess
	}
	return nil
}

func readBody(r *http.Request, v any) error {
	return json.NewDecoder(r.Body).Decode(v)
}

func (s *Server) selfUser() user {
	return user{Uin: 1234567890, UserName: s.userName("self"), NickName: s.opt.BotNick,
		HeadImgUrl: "/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1&username=" + s.userName("self")}
}

func (s *Server) contactUser(key string) user {
	c, ok := s.contacts[key]
	if !ok {
		c = &Contact{Key: key, NickName: key}
	}
	u := user{UserName: s.userName(key), NickName: c.NickName, RemarkName: c.RemarkName,
		AttrStatus: int64(hash(key) % 1000000)}
	if c.Friend {
		u.ContactFlag = 3
		u.HeadImgUrl = fmt.Sprintf("/cgi-bin/mmwebwx-bin/webwxgeticon?seq=%d&username=%s&skey=", 600000+c.AvatarSeq, u.UserName)
	}
	return u
}

func (s *Server) groupUser(name string, withMembers bool) user {
	g := s.groups[name]
	u := user{UserName: s.groupUserName(name), NickName: name, ContactFlag: 2,
		HeadImgUrl: "/cgi-bin/mmwebwx-bin/webwxgetheadimg?seq=0&username=" + s.groupUserName(name)}
	keys := append([]string{"self"}, sortedKeys(g.Members)...)
	u.MemberCount = len(keys)
	if withMembers {
		u.EncryChatRoomId = fmt.Sprintf("@%x", hash("enc"+name))
		for _, k := range keys {
			nick := s.opt.BotNick
			if k != "self" {
				nick = s.contactUser(k).NickName
			}
			u.MemberList = append(u.MemberList, user{UserName: s.userName(k), NickName: nick,
				DisplayName: g.Members[k], AttrStatus: int64(hash(k) % 1000000)})
		}
	}
	return u
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		if k != "self" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func (s *Server) syncKey() *syncKey {
	return &syncKey{Count: 4, List: []keyVal{{1, s.fetched}, {2, s.fetched}, {3, s.fetched}, {1000, 1700000000}}}
}

func (s *Server) webInit(w http.ResponseWriter, r *http.Request) {
	var body struct{ BaseRequest baseRequest }
	if err := readBody(r, &body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.validSession(body.BaseRequest.Sid)
	if sess == nil || body.BaseRequest.Uin != sess.uin || body.BaseRequest.Skey != sess.skey {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: 1101}})
		return
	}
	if s.calls["webwxinit/"+sess.sid] > 0 {
		s.hot++
	}
	s.calls["webwxinit/"+sess.sid]++
	var contacts []user
	chatSet := []string{"filehelper"}
	for _, g := range s.gorder {
		if s.groups[g].Saved {
			contacts = append(contacts, s.groupUser(g, false))
		}
		chatSet = append(chatSet, s.groupUserName(g))
	}
	for _, k := range s.order {
		if s.contacts[k].Friend {
			chatSet = append(chatSet, s.userName(k))
		}
	}
	self := s.selfUser()
	writeJSON(w, map[string]any{
		"BaseResponse":  baseResponse{},
		"Count":         len(contacts),
		"ContactList":   contacts,
		"SyncKey":       s.syncKey(),
		"User":          self,
		"ChatSet":       strings.Join(chatSet, ",") + ",",
		"SKey":          sess.skey,
		"ClientVersion": 1661534010,
		"SystemTime":    s.opt.Now().Unix(),
		"GrayScale":     1,
	})
}

func (s *Server) statusNotify(w http.ResponseWriter, r *http.Request) {
	var body struct{ BaseRequest baseRequest }
	if err := readBody(r, &body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.validSession(body.BaseRequest.Sid) == nil {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: 1101}})
		return
	}
	writeJSON(w, map[string]any{"BaseResponse": baseResponse{}, "MsgID": "1"})
}

func (s *Server) sessionBySkey(skey string) *session {
	if s.sess != nil && s.sess.valid && s.sess.skey == skey {
		return s.sess
	}
	return nil
}

func (s *Server) getContact(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sessionBySkey(r.URL.Query().Get("skey")) == nil {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: 1101}, "MemberList": []user{}})
		return
	}
	list := []user{}
	for _, k := range s.order {
		if s.contacts[k].Friend {
			list = append(list, s.contactUser(k))
		}
	}
	for _, g := range s.gorder {
		if s.groups[g].Saved {
			list = append(list, s.groupUser(g, false))
		}
	}
	writeJSON(w, map[string]any{"BaseResponse": baseResponse{}, "MemberCount": len(list), "MemberList": list, "Seq": 0})
}

func (s *Server) batchGetContact(w http.ResponseWriter, r *http.Request) {
	var body struct {
		BaseRequest baseRequest
		Count       int
		List        []struct{ UserName, EncryChatRoomId string }
	}
	if err := readBody(r, &body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.validSession(body.BaseRequest.Sid) == nil {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: 1101}, "ContactList": []user{}})
		return
	}
	out := []user{}
	for _, it := range body.List {
		name, isGroup := s.resolve(it.UserName)
		switch {
		case isGroup:
			out = append(out, s.groupUser(name, true))
		case name == "self":
			out = append(out, s.selfUser())
		case name != "":
			out = append(out, s.contactUser(name))
		default:
			out = append(out, user{UserName: it.UserName})
		}
	}
	writeJSON(w, map[string]any{"BaseResponse": baseResponse{}, "Count": len(out), "ContactList": out})
}

func parseSyncKey(s string) int64 {
	for _, part := range strings.Split(s, "|") {
		k, v, ok := strings.Cut(part, "_")
		if ok && k == "1" {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}

func (s *Server) hasNews(pos int64) bool {
	return len(s.log) > 0 && s.log[len(s.log)-1].seq > pos
}

func (s *Server) syncCheck(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	answer := func(ret, sel string) {
		fmt.Fprintf(w, `window.synccheck={retcode:"%s",selector:"%s"}`, ret, sel)
	}
	s.notify() // WaitOnline watches synccheck calls
	if s.flap > 0 {
		s.flap--
		http.Error(w, "bad gateway", http.StatusBadGateway)
		return
	}
	if s.sess != nil && s.sess.sid == q.Get("sid") && !s.sess.valid && s.sess.pendingRet != "" {
		ret := s.sess.pendingRet
		s.sess.pendingRet = ""
		answer(ret, "0")
		return
	}
	if s.validSession(q.Get("sid")) == nil || q.Get("skey") != s.sess.skey {
		answer("1101", "0")
		return
	}
	s.sess.synced = true
	if len(s.syncFail) > 0 {
		ret := s.syncFail[0]
		s.syncFail = s.syncFail[1:]
		answer(ret, "0")
		return
	}
	pos := parseSyncKey(q.Get("synckey"))
	deadline := time.Now().Add(s.opt.PollHold)
	for !s.hasNews(pos) {
		left := time.Until(deadline)
		if left <= 0 || r.Context().Err() != nil {
			break
		}
		s.wait(r.Context(), left)
		if s.sess == nil || s.sess.sid != q.Get("sid") || !s.sess.valid || len(s.syncFail) > 0 || s.flap > 0 {
			break // let the next call report it
		}
	}
	if s.hasNews(pos) {
		answer("0", "2")
		return
	}
	answer("0", "0")
}

func (s *Server) render(q queued) message {
	m := message{MsgId: q.id, MsgType: 1, Status: 3, CreateTime: q.time.Unix(), ImgStatus: 1}
	m.NewMsgId, _ = strconv.ParseInt(q.id, 10, 64)
	text := strings.ReplaceAll(html.EscapeString(q.msg.Text), "\n", "<br/>")
	if q.msg.Image {
		m.MsgType = 3
		m.ImgStatus = 2
		text = html.EscapeString(`<?xml version="1.0"?><msg><img length="1024" md5="0" /></msg>`)
	}
	self := s.userName("self")
	switch {
	case q.msg.Group != "" && q.msg.From == "":
		m.FromUserName, m.ToUserName, m.Content = self, s.groupUserName(q.msg.Group), text
	case q.msg.Group != "":
		m.FromUserName, m.ToUserName = s.groupUserName(q.msg.Group), self
		m.Content = s.userName(q.msg.From) + ":<br/>" + text
	case q.msg.From == "":
		m.FromUserName, m.ToUserName, m.Content = self, s.userName(q.msg.to), text
	default:
		m.FromUserName, m.ToUserName, m.Content = s.userName(q.msg.From), self, text
	}
	return m
}

func (s *Server) webSync(w http.ResponseWriter, r *http.Request) {
	var body struct {
		BaseRequest baseRequest
		SyncKey     syncKey
	}
	if err := readBody(r, &body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.validSession(body.BaseRequest.Sid) == nil {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: 1101}, "SyncKey": syncKey{}, "AddMsgList": []message{}})
		return
	}
	var pos int64
	for _, kv := range body.SyncKey.List {
		if kv.Key == 1 {
			pos = kv.Val
		}
	}
	msgs := []message{}
	last := pos
	for _, q := range s.log {
		if q.seq > pos {
			msgs = append(msgs, s.render(q))
			last = q.seq
		}
	}
	if last > s.fetched {
		s.fetched = last
	}
	key := &syncKey{Count: 4, List: []keyVal{{1, last}, {2, last}, {3, last}, {1000, 1700000000}}}
	writeJSON(w, map[string]any{
		"BaseResponse": baseResponse{}, "AddMsgCount": len(msgs), "AddMsgList": msgs,
		"ModContactCount": 0, "ModContactList": []user{}, "DelContactCount": 0,
		"ModChatRoomMemberCount": 0, "ModChatRoomMemberList": []user{},
		"SyncKey": key, "SyncCheckKey": key, "ContinueFlag": 0, "SKey": "",
	})
}

func (s *Server) sendMsg(w http.ResponseWriter, r *http.Request) {
	body, ok := readSend(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	delay := s.sendDelay
	s.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, name, isGroup, ok := s.admitSend(w, body.BaseRequest.Sid, body.Msg.FromUserName, body.Msg.ToUserName, body.Msg.Type == 1)
	if !ok {
		return
	}
	s.sent = append(s.sent, Sent{At: s.opt.Now(), ToUserName: body.Msg.ToUserName, To: name, Text: body.Msg.Content, Session: sess.n})
	s.msgN++
	id := strconv.FormatInt(4000000000000000000+s.msgN, 10)
	if !s.opt.NoEcho {
		echo := Message{Text: body.Msg.Content, Time: s.opt.Now()}
		if isGroup {
			echo.Group = name
		} else {
			echo.to = name
		}
		s.seq++
		s.log = append(s.log, queued{seq: s.seq, msg: echo, id: id, time: echo.Time})
	}
	s.notify()
	writeJSON(w, map[string]any{"BaseResponse": baseResponse{}, "MsgID": id, "LocalID": body.Msg.LocalID})
}

// admitSend makes the checks web WeChat makes of every send, with s.mu
// held: a live session, the failures a test scripted, a message from the
// bot of a kind the endpoint takes (wellFormed), a known recipient. It
// answers a refusal itself and reports whether the send goes on.
func (s *Server) admitSend(w http.ResponseWriter, sid, from, to string, wellFormed bool) (sess *session, name string, isGroup, ok bool) {
	if sess = s.validSession(sid); sess == nil {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: 1101}})
		return nil, "", false, false
	}
	if s.sendFail > 0 {
		s.sendFail--
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: s.sendRet, ErrMsg: "操作太频繁"}})
		return nil, "", false, false
	}
	if from != s.userName("self") || !wellFormed {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: 1, ErrMsg: "bad sender, type or media"}})
		return nil, "", false, false
	}
	if name, isGroup = s.resolve(to); name == "" || name == "self" {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: 1204, ErrMsg: "unknown ToUserName"}})
		return nil, "", false, false
	}
	return sess, name, isGroup, true
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess := s.sessionBySkey(r.URL.Query().Get("skey")); sess != nil {
		sess.valid = false
	}
	s.notify()
	writeJSON(w, map[string]any{"BaseResponse": baseResponse{}})
}
