package mptest

import (
	"bytes"
	"crypto/rand"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"
)

// Client posts callbacks to linli as WeChat's servers do: signed with the
// token and, with an AES key, encrypted (safe mode).
type Client struct {
	// URL is the callback address (服务器地址).
	URL    string
	AppID  string
	Token  string
	AESKey string
	// Account is the Official Account's own id (ToUserName).
	Account string
	// Now gives CreateTime; nil is the wall clock.
	Now  func() time.Time
	HTTP *http.Client

	mu    sync.Mutex
	msgID int64
}

// Callback is one post, kept so it can be sent again as WeChat's retry.
type Callback struct {
	OpenID string
	XML    []byte
}

// Reply is linli's answer to a callback.
type Reply struct {
	Status int
	// Text is the passive reply's text ("" when linli answered "success"
	// or nothing).
	Text string
	// Body is the raw response.
	Body string
}

func (c *Client) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

func (c *Client) http() *http.Client {
	if c.HTTP == nil {
		return http.DefaultClient
	}
	return c.HTTP
}

type inbound struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   string   `xml:"ToUserName"`
	FromUserName string   `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      string   `xml:"MsgType"`
	Content      string   `xml:"Content,omitempty"`
	MsgID        int64    `xml:"MsgId,omitempty"`
	Event        string   `xml:"Event,omitempty"`
	EventKey     string   `xml:"EventKey,omitempty"`
}

// Text builds a text message from openid with a new MsgId.
func (c *Client) Text(openid, text string) Callback {
	c.mu.Lock()
	c.msgID++
	id := c.msgID
	c.mu.Unlock()
	return c.build(inbound{FromUserName: openid, MsgType: "text", Content: text, MsgID: 24000000000 + id})
}

// Event builds an event (subscribe, unsubscribe, CLICK with its key).
func (c *Client) Event(openid, event, key string) Callback {
	return c.build(inbound{FromUserName: openid, MsgType: "event", Event: event, EventKey: key})
}

func (c *Client) build(m inbound) Callback {
	m.ToUserName, m.CreateTime = c.Account, c.now().Unix()
	b, _ := xml.Marshal(m)
	return Callback{OpenID: m.FromUserName, XML: b}
}

// Say posts a text message and returns linli's reply.
func (c *Client) Say(openid, text string) (Reply, error) { return c.Post(c.Text(openid, text)) }

// Post sends a callback (again, for WeChat's retry) and reads the reply.
func (c *Client) Post(cb Callback) (Reply, error) {
	ts := strconv.FormatInt(c.now().Unix(), 10)
	nonce := randomString(10)
	q := url.Values{"timestamp": {ts}, "nonce": {nonce}, "signature": {util.Signature(c.Token, ts, nonce)}, "openid": {cb.OpenID}}
	body := cb.XML
	if c.AESKey != "" {
		enc, err := util.EncryptMsg([]byte(randomString(16)), cb.XML, c.AppID, c.AESKey)
		if err != nil {
			return Reply{}, fmt.Errorf("encrypt callback: %w", err)
		}
		q.Set("encrypt_type", "aes")
		q.Set("msg_signature", util.Signature(c.Token, ts, nonce, string(enc)))
		body, _ = xml.Marshal(message.EncryptedXMLMsg{ToUserName: c.Account, EncryptedMsg: string(enc)})
	}
	resp, err := c.http().Post(c.URL+"?"+q.Encode(), "text/xml", bytes.NewReader(body))
	if err != nil {
		return Reply{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return Reply{}, err
	}
	r := Reply{Status: resp.StatusCode, Body: string(raw)}
	if resp.StatusCode != http.StatusOK || len(raw) == 0 || string(raw) == "success" {
		return r, nil
	}
	plain := raw
	if c.AESKey != "" {
		var enc message.ResponseEncryptedXMLMsg
		if err := xml.Unmarshal(raw, &enc); err != nil {
			return r, fmt.Errorf("read encrypted reply: %w", err)
		}
		if want := util.Signature(c.Token, strconv.FormatInt(enc.Timestamp, 10), enc.Nonce, enc.EncryptedMsg); want != enc.MsgSignature {
			return r, fmt.Errorf("encrypted reply has a bad signature")
		}
		if _, plain, err = util.DecryptMsg(c.AppID, enc.EncryptedMsg, c.AESKey); err != nil {
			return r, fmt.Errorf("decrypt reply: %w", err)
		}
	}
	if len(plain) == 0 {
		// Safe mode with nothing to say: an encrypted empty reply.
		return r, nil
	}
	var out struct {
		ToUserName string `xml:"ToUserName"`
		MsgType    string `xml:"MsgType"`
		Content    string `xml:"Content"`
	}
	if err := xml.Unmarshal(plain, &out); err != nil {
		return r, fmt.Errorf("read reply: %w", err)
	}
	if out.ToUserName != cb.OpenID {
		return r, fmt.Errorf("reply addressed to %q, not %q", out.ToUserName, cb.OpenID)
	}
	r.Text = out.Content
	return r, nil
}

// Verify is WeChat's URL check (提交 in 服务器配置): linli must echo
// echostr when the signature is right.
func (c *Client) Verify(echostr string, token string) (Reply, error) {
	ts := strconv.FormatInt(c.now().Unix(), 10)
	nonce := randomString(10)
	q := url.Values{"timestamp": {ts}, "nonce": {nonce}, "signature": {util.Signature(token, ts, nonce)}, "echostr": {echostr}}
	resp, err := c.http().Get(c.URL + "?" + q.Encode())
	if err != nil {
		return Reply{}, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return Reply{Status: resp.StatusCode, Body: string(raw)}, nil
}

func randomString(n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return string(b)
}
