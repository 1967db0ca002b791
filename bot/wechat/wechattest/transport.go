package wechattest

import (
	"net/http"
	"net/url"
	"strings"
)

// Transport returns a RoundTripper that sends every request for a WeChat
// host (*.qq.com) to the server, keeping the original host in the Host
// header so the server knows which WeChat service was meant. Give it to
// the client's http.Client; nothing else about the client changes.
func (s *Server) Transport() http.RoundTripper {
	target, _ := url.Parse(s.URL)
	return &routeTransport{target: target, next: http.DefaultTransport}
}

type routeTransport struct {
	target *url.URL
	next   http.RoundTripper
}

func (t *routeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	host := req.URL.Hostname()
	if !strings.HasSuffix(host, ".qq.com") && host != "qq.com" {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.URL.Scheme = t.target.Scheme
	r.URL.Host = t.target.Host
	r.Host = host
	return t.next.RoundTrip(r)
}
