package mp

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/credential"

	"linli/bot"
)

// tokenURL is where an access token is fetched from (the SDK's own
// default handle uses the same address).
const tokenURL = "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=%s&secret=%s"

// tokenEarly is how long before WeChat's expiry the token is refreshed,
// so no call goes out with a token about to die.
const tokenEarly = 5 * time.Minute

// tokenSource is the access token shared by every linli instance of one
// Official Account. WeChat allows a limited number of token fetches a day
// and each fetch invalidates the previous token after five minutes, so
// instances must not each fetch their own: the token lives in the shared
// cache (Redis when configured), and a fetch happens under a shared lock,
// by one instance, the others reading what it stored.
type tokenSource struct {
	appID, secret string
	cache         cache.Cache
	locker        bot.Locker
	log           *slog.Logger

	mu      sync.Mutex // one fetch at a time in this process
	fetches atomic.Int64
}

func (s *tokenSource) key() string { return "linli:mp:access_token:" + s.appID }

// GetAccessToken is part of the SDK's credential.AccessTokenHandle.
func (s *tokenSource) GetAccessToken() (string, error) {
	return s.GetAccessTokenContext(context.Background())
}

// GetAccessTokenContext returns the cached token, fetching a new one when
// there is none.
func (s *tokenSource) GetAccessTokenContext(ctx context.Context) (string, error) {
	if tok := s.cached(ctx); tok != "" {
		return tok, nil
	}
	unlock, err := s.lock(ctx)
	if err != nil {
		return "", err
	}
	defer unlock()
	if tok := s.cached(ctx); tok != "" {
		return tok, nil
	}
	res, err := credential.GetTokenFromServerContext(ctx, fmt.Sprintf(tokenURL, url.QueryEscape(s.appID), url.QueryEscape(s.secret)))
	if err != nil {
		return "", fmt.Errorf("fetch access token: %w", err)
	}
	s.fetches.Add(1)
	ttl := time.Duration(res.ExpiresIn)*time.Second - tokenEarly
	if ttl <= 0 {
		ttl = time.Duration(res.ExpiresIn) * time.Second / 2
	}
	if err := cache.SetContext(ctx, s.cache, s.key(), res.AccessToken, ttl); err != nil {
		s.log.Warn("mp: cannot share the access token; other instances fetch their own", "err", err)
	}
	s.log.Info("mp: fetched a new access token", "valid_for", ttl)
	return res.AccessToken, nil
}

// lock takes the refresh lock in this process and across instances;
// when the shared lock is unavailable or held too long, it goes on
// without it and says so.
func (s *tokenSource) lock(ctx context.Context) (unlock func(), err error) {
	s.mu.Lock()
	name := s.key() + ":refresh"
	for attempt := 0; ; attempt++ {
		lease, ok, err := s.locker.Acquire(ctx, name, 30*time.Second)
		switch {
		case err != nil:
			s.log.Warn("mp: token lock unavailable; going on without it", "err", err)
			return s.mu.Unlock, nil
		case ok:
			return func() {
				s.locker.Release(context.WithoutCancel(ctx), name, lease)
				s.mu.Unlock()
			}, nil
		case attempt == 100:
			s.log.Warn("mp: another instance has held the token lock for 10 s; going on without it")
			return s.mu.Unlock, nil
		}
		// Another instance is fetching: wait for what it stores.
		t := time.NewTimer(100 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			s.mu.Unlock()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

func (s *tokenSource) cached(ctx context.Context) string {
	switch v := cache.GetContext(ctx, s.cache, s.key()).(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}

// invalidate forgets bad when WeChat refused it (expired early, or reset
// by a fetch elsewhere); a token another instance has already replaced is
// left alone, so one refusal causes one fetch across instances.
func (s *tokenSource) invalidate(ctx context.Context, bad string) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return
	}
	defer unlock()
	if s.cached(ctx) == bad {
		if err := cache.DeleteContext(ctx, s.cache, s.key()); err != nil {
			s.log.Warn("mp: cannot drop the refused access token", "err", err)
		}
	}
}
