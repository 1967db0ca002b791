package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Role is what a console user may see. A coordinator sees their own
// community; the street office (街道) sees every community; the operator
// sees everything and the bot's login page.
type Role int

const (
	// Coordinator runs one community, as in chat.
	Coordinator Role = iota
	// Street oversees every community of the street office (街道).
	Street
	// Operator runs the server: every community and the bot page.
	Operator
)

// String names the role as the console shows it.
func (r Role) String() string {
	switch r {
	case Street:
		return "街道"
	case Operator:
		return "运维"
	}
	return "社区管理员"
}

// ParseRole reads a role name given on the command line.
func ParseRole(s string) (Role, error) {
	switch s {
	case "coordinator", "社区管理员", "管理员":
		return Coordinator, nil
	case "street", "街道":
		return Street, nil
	case "operator", "运维", "":
		return Operator, nil
	}
	return 0, fmt.Errorf("unknown console role %q (coordinator, street or operator)", s)
}

// Login rules.
const (
	// LinkTTL is how long a login link may wait to be opened: long enough
	// to walk to the office PC, short enough that a forwarded chat is stale.
	LinkTTL = 10 * time.Minute
	// IdleTimeout ends a session nobody used for a while (a shared office
	// PC left open).
	IdleTimeout = 30 * time.Minute
	// MaxSession ends every session after a working day.
	MaxSession = 12 * time.Hour
)

// Errors of login links.
var (
	ErrNoLink      = errors.New("console: no such login link")
	ErrLinkUsed    = errors.New("console: login link already used")
	ErrLinkExpired = errors.New("console: login link expired")
	ErrNoSession   = errors.New("console: no such session")
)

// Grant is who a login link or a session speaks for.
type Grant struct {
	// MemberID is the coordinator's member id; 0 for the operator.
	MemberID int64
	Name     string
	// Community is the coordinator's community ("" for street and
	// operator, who see them all).
	Community string
	Role      Role
}

// Sees reports whether the grant may look at a community.
func (g Grant) Sees(community string) bool {
	return g.Role != Coordinator || g.Community == community
}

// Communities narrows all to what the grant may see.
func (g Grant) Communities(all []string) []string {
	if g.Role != Coordinator {
		return all
	}
	return []string{g.Community}
}

// LoginLink is a stored one-time link; only the hash of its token is kept.
type LoginLink struct {
	Hash    string
	Grant   Grant
	Created time.Time
	Expires time.Time
	Used    time.Time
}

// Session is a signed-in browser. Its id is only known to the browser's
// cookie; the store keeps the hash.
type Session struct {
	Hash    string
	Grant   Grant
	CSRF    string
	Created time.Time
	Seen    time.Time
}

// AuthStore keeps login links and sessions.
type AuthStore interface {
	SaveLoginLink(ctx context.Context, l LoginLink) error
	// UseLoginLink marks the link used at a time and returns it as it
	// was; ErrNoLink when unknown, ErrLinkUsed when used before (the
	// check and the mark are one statement, so two tabs cannot both win).
	UseLoginLink(ctx context.Context, hash string, at time.Time) (LoginLink, error)
	SaveSession(ctx context.Context, s Session) error
	// SessionByHash returns ErrNoSession when unknown.
	SessionByHash(ctx context.Context, hash string) (Session, error)
	TouchSession(ctx context.Context, hash string, at time.Time) error
	DeleteSession(ctx context.Context, hash string) error
}

// newSecret returns a random URL-safe secret of 32 bytes.
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashSecret is how tokens are stored: a database copy holds nothing that
// logs in.
func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func equalSecret(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Auth issues login links and turns them into sessions.
type Auth struct {
	Store AuthStore
}

// NewLink stores a one-time login link for g, valid for LinkTTL from now,
// and returns its token.
func (a *Auth) NewLink(ctx context.Context, g Grant, now time.Time) (string, error) {
	tok, err := newSecret()
	if err != nil {
		return "", err
	}
	if err := a.Store.SaveLoginLink(ctx, LoginLink{Hash: hashSecret(tok), Grant: g, Created: now, Expires: now.Add(LinkTTL)}); err != nil {
		return "", fmt.Errorf("new login link: %w", err)
	}
	return tok, nil
}

// Redeem uses a link token once and opens a fresh session for its grant;
// it returns the session and the cookie value that names it.
func (a *Auth) Redeem(ctx context.Context, token string, now time.Time) (Session, string, error) {
	l, err := a.Store.UseLoginLink(ctx, hashSecret(token), now)
	if err != nil {
		return Session{}, "", err
	}
	if !now.Before(l.Expires) {
		return Session{}, "", ErrLinkExpired
	}
	id, err := newSecret()
	if err != nil {
		return Session{}, "", err
	}
	csrf, err := newSecret()
	if err != nil {
		return Session{}, "", err
	}
	s := Session{Hash: hashSecret(id), Grant: l.Grant, CSRF: csrf, Created: now, Seen: now}
	if err := a.Store.SaveSession(ctx, s); err != nil {
		return Session{}, "", fmt.Errorf("open session: %w", err)
	}
	return s, id, nil
}

// Session finds the live session named by a cookie value and marks it
// used; an idle or too old session is ended and refused.
func (a *Auth) Session(ctx context.Context, id string, now time.Time) (Session, error) {
	if id == "" {
		return Session{}, ErrNoSession
	}
	h := hashSecret(id)
	s, err := a.Store.SessionByHash(ctx, h)
	if err != nil {
		return Session{}, err
	}
	if now.Sub(s.Seen) > IdleTimeout || now.Sub(s.Created) > MaxSession {
		if err := a.Store.DeleteSession(ctx, h); err != nil {
			return Session{}, err
		}
		return Session{}, ErrNoSession
	}
	if now.Sub(s.Seen) > time.Minute { // one write a minute is enough for the idle clock
		if err := a.Store.TouchSession(ctx, h, now); err != nil {
			return Session{}, err
		}
	}
	return s, nil
}

// End logs a session out.
func (a *Auth) End(ctx context.Context, id string) error {
	return a.Store.DeleteSession(ctx, hashSecret(id))
}
