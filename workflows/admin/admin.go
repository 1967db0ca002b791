// Package admin is the roles workflow: one-time coordinator codes, pairing
// with `管理员认证 <code>`, and the audit trail of role changes.
//
// No text a resident writes can raise a role: the only way in is a code
// printed by `linli admin code` on the server, used once within 24 hours.
package admin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/bot"
)

// Rules for codes and attempts.
const (
	CodeTTL       = 24 * time.Hour
	MaxFailures   = 5
	FailureWindow = time.Hour
	codeAlphabet  = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ" // no 0/O, 1/I
	codeLength    = 8
)

// ErrNoCode means no unused code matches.
var ErrNoCode = errors.New("no such coordinator code")

// Code is a stored one-time coordinator code; only its hash is kept.
type Code struct {
	Hash      string
	Community string
	Created   time.Time
	Expires   time.Time
	Used      time.Time
}

// Store is what the admin workflow keeps.
type Store interface {
	SaveCode(ctx context.Context, c Code) error
	CodeByHash(ctx context.Context, hash string) (Code, error)
	UseCode(ctx context.Context, hash string, memberID int64, at time.Time) error
	RecordAttempt(ctx context.Context, memberID int64, at time.Time, ok bool) error
	FailedAttempts(ctx context.Context, memberID int64, since time.Time) (int, error)
	// Stats counts a community's members, coordinators and the messages
	// handled since a time.
	Stats(ctx context.Context, community string, since time.Time) (Stats, error)
}

// Stats is the community overview a coordinator asks for with 统计.
type Stats struct {
	Members       int
	Coordinators  int
	MessagesSince int
}

// Deps are the workflow's collaborators.
type Deps struct {
	Store Store
	// Members gives and records roles.
	Members interface {
		SetRole(ctx context.Context, memberID int64, community string, role bot.Role, at time.Time) error
		bot.Auditor
	}
	Directory *bot.Directory
}

// Workflow pairs coordinators.
type Workflow struct {
	d Deps
}

// New builds the workflow.
func New(d Deps) (*Workflow, error) {
	if d.Store == nil || d.Members == nil || d.Directory == nil {
		return nil, errors.New("new admin workflow: store, members and directory are required")
	}
	return &Workflow{d: d}, nil
}

// NewCode makes a one-time code for community, stores its hash and returns
// the code to print.
func (w *Workflow) NewCode(ctx context.Context, community string, now time.Time) (string, error) {
	if community == "" {
		return "", errors.New("new coordinator code: no community given")
	}
	buf := make([]byte, codeLength)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("new coordinator code: %w", err)
	}
	for i, b := range buf {
		buf[i] = codeAlphabet[int(b)%len(codeAlphabet)]
	}
	code := string(buf)
	if err := w.IssueCode(ctx, code, community, now); err != nil {
		return "", err
	}
	return code, nil
}

// IssueCode stores a given code for community, valid from now for CodeTTL.
// NewCode calls it with a random code; `linli sim` transcripts call it with
// a known one.
func (w *Workflow) IssueCode(ctx context.Context, code, community string, now time.Time) error {
	return w.d.Store.SaveCode(ctx, Code{Hash: hashCode(code), Community: community, Created: now, Expires: now.Add(CodeTTL)})
}

func hashCode(code string) string {
	sum := sha256.Sum256([]byte(strings.ToUpper(strings.TrimSpace(code))))
	return hex.EncodeToString(sum[:])
}

// Register adds the pairing command.
func (w *Workflow) Register(r bot.Registry) {
	r.AddCommand(bot.Command{
		Keywords: []string{"管理员认证", "管理员验证"},
		Scope:    bot.PrivateOnly,
		Help:     "管理员认证 <验证码> — 社区工作者绑定管理员身份（私聊）",
		Handle:   w.pair,
	})
	r.AddCommand(bot.Command{
		Keywords: []string{"统计"},
		Role:     bot.Coordinator,
		Help:     "统计 — 本社区成员和今日消息数",
		Handle:   w.stats,
	})
}

func (w *Workflow) stats(ctx context.Context, t *bot.Turn) error {
	local := t.Now.In(t.Loc)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, t.Loc)
	st, err := w.d.Store.Stats(ctx, t.Chat.Community, midnight)
	if err != nil {
		return err
	}
	groups := w.d.Directory.Groups(t.Chat.Community)
	t.Reply(fmt.Sprintf("「%s」统计：\n群 %d 个，成员 %d 人，管理员 %d 人\n今日处理消息 %d 条",
		t.Chat.Community, len(groups), st.Members, st.Coordinators, st.MessagesSince))
	return nil
}

func (w *Workflow) pair(ctx context.Context, t *bot.Turn) error {
	code := strings.ReplaceAll(t.Args, " ", "")
	if code == "" {
		t.Reply("请在「管理员认证」后面写上验证码，例如：管理员认证 AB23CD45")
		return nil
	}
	failures, err := w.d.Store.FailedAttempts(ctx, t.Member.ID, t.Now.Add(-FailureWindow))
	if err != nil {
		return err
	}
	if failures >= MaxFailures {
		t.Reply("尝试次数太多，请一小时后再试，或联系社区工作人员重新生成验证码。")
		return nil
	}
	c, err := w.d.Store.CodeByHash(ctx, hashCode(code))
	switch {
	case errors.Is(err, ErrNoCode):
		return w.refuse(ctx, t, "验证码不对，请核对后再发。")
	case err != nil:
		return err
	case !c.Used.IsZero():
		return w.refuse(ctx, t, "这个验证码已经用过了，请让社区工作人员重新生成一个。")
	case !t.Now.Before(c.Expires):
		return w.refuse(ctx, t, "这个验证码已过期（24小时有效），请重新生成一个。")
	}
	if err := w.d.Store.UseCode(ctx, c.Hash, t.Member.ID, t.Now); err != nil {
		if errors.Is(err, ErrNoCode) {
			return w.refuse(ctx, t, "这个验证码已经用过了，请让社区工作人员重新生成一个。")
		}
		return err
	}
	if err := w.d.Store.RecordAttempt(ctx, t.Member.ID, t.Now, true); err != nil {
		return err
	}
	if err := w.d.Members.SetRole(ctx, t.Member.ID, c.Community, bot.Coordinator, t.Now); err != nil {
		return err
	}
	if err := w.d.Members.Audit(ctx, bot.AuditEntry{Time: t.Now, MemberID: t.Member.ID, Community: c.Community,
		Action: "role", Detail: "成为管理员"}); err != nil {
		return err
	}
	t.Reply(fmt.Sprintf("认证成功！您现在是「%s」的管理员。发送「帮助」查看管理员命令。", c.Community))
	return nil
}

func (w *Workflow) refuse(ctx context.Context, t *bot.Turn, msg string) error {
	if err := w.d.Store.RecordAttempt(ctx, t.Member.ID, t.Now, false); err != nil {
		return err
	}
	if err := w.d.Members.Audit(ctx, bot.AuditEntry{Time: t.Now, MemberID: t.Member.ID, Community: t.Chat.Community,
		Action: "pairing refused", Detail: msg}); err != nil {
		return err
	}
	t.Reply(msg)
	return nil
}
