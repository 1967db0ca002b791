package sim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"linli/bot"
)

// Wire records deliveries durably; the store implements it.
type Wire interface {
	RecordWire(ctx context.Context, it bot.OutboxItem, at time.Time, chat, to string) error
}

// Gateway is the simulated gateway: it prints what the bot sends, one line
// a message, and records each delivery in the store inside the outbox's
// transaction, so a message is delivered exactly once even across crashes.
type Gateway struct {
	Wire  Wire
	Clock bot.Clock
	Out   io.Writer
	JSON  bool
	// Location is the time zone times are printed in.
	Location *time.Location
	// Stamp puts the simulated time before each text line, as golden
	// transcripts show it.
	Stamp bool
	// PictureDir is where pictures and files are written, each under its
	// name; a picture prints as 「[图片] PATH」 followed by its words, a file
	// as 「[文件] PATH」 alone (its words are for gateways that cannot send
	// files). Empty writes none and prints the name in place of the path,
	// as golden transcripts show it.
	PictureDir string
}

// Run is part of bot.Gateway; messages come from the Runner instead.
func (g *Gateway) Run(ctx context.Context, in chan<- bot.Message) error {
	<-ctx.Done()
	return nil
}

// Send is part of bot.Gateway; the simulated outbox always uses SendInTx.
func (g *Gateway) Send(ctx context.Context, to bot.Address, text string) error {
	now, chat, name := g.where(bot.OutboxItem{Outgoing: bot.Outgoing{To: to}})
	return g.print(now, chat, name, text)
}

// SendInTx records one outbox message as delivered, inside the outbox's
// transaction; Committed prints it.
func (g *Gateway) SendInTx(ctx context.Context, it bot.OutboxItem) error {
	now, chat, to := g.where(it)
	return g.Wire.RecordWire(ctx, it, now, chat, to)
}

// Committed prints a message whose delivery has been committed: a crash
// before the commit leaves it unsent and unprinted, to be sent and printed
// once on the next run.
func (g *Gateway) Committed(it bot.OutboxItem) error {
	text, err := g.shown(it.Outgoing)
	if err != nil {
		return err
	}
	now, chat, to := g.where(it)
	return g.print(now, chat, to, text)
}

// where is the chat and the recipient a message goes to, and the time.
func (g *Gateway) where(it bot.OutboxItem) (now time.Time, chat, to string) {
	chat, to = PrivateChat, it.Outgoing.To.MemberName
	switch {
	case it.Outgoing.To.Kind == bot.ToGroup:
		chat, to = it.Outgoing.To.Group, ""
	case it.Outgoing.To.Channel == bot.OfficialAccount:
		chat = OfficialAccountChat
	}
	now = g.Clock.Now()
	if g.Location != nil {
		now = now.In(g.Location)
	}
	return now, chat, to
}

// SendPicture is part of bot.PictureSender; the simulated outbox always
// uses SendInTx.
func (g *Gateway) SendPicture(ctx context.Context, to bot.Address, p bot.Picture) error {
	return g.Committed(bot.OutboxItem{Outgoing: bot.Outgoing{To: to, Picture: &p}})
}

// SendFile is part of bot.FileSender; the simulated outbox always uses
// SendInTx.
func (g *Gateway) SendFile(ctx context.Context, to bot.Address, f bot.File) error {
	return g.Committed(bot.OutboxItem{Outgoing: bot.Outgoing{To: to, File: &f}})
}

// shown is what a message prints as. A picture is written into PictureDir
// and prints as 「[图片] PATH」, its words following so a transcript still
// shows what it says; a file prints as 「[文件] PATH」, except on the
// Official Account, which takes no files, as the real one.
func (g *Gateway) shown(m bot.Outgoing) (string, error) {
	switch {
	case m.Picture != nil:
		path, err := g.write(m.Picture.Name, "picture.png", m.Picture.PNG)
		if err != nil {
			return "", err
		}
		return strings.TrimRight("[图片] "+path+"\n"+m.Text, "\n"), nil
	case m.File != nil && m.To.Channel != bot.OfficialAccount:
		// The Official Account takes no files; its chat gets the words.
		path, err := g.write(m.File.Name, "file", m.File.Data)
		if err != nil {
			return "", err
		}
		return "[文件] " + path, nil
	}
	return m.Text, nil
}

// write writes data into PictureDir under name (or fallback, when name is
// no name) and returns the path it prints as. The name is reduced to one
// file name, whatever it holds.
func (g *Gateway) write(name, fallback string, data []byte) (string, error) {
	name = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == 0 {
			return '_'
		}
		return r
	}, name)
	if name == "" || name == "." || name == ".." {
		name = fallback
	}
	if g.PictureDir == "" {
		return name, nil
	}
	if err := os.MkdirAll(g.PictureDir, 0o755); err != nil {
		return "", fmt.Errorf("write %s: %w", name, err)
	}
	path := filepath.Join(g.PictureDir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", fmt.Errorf("write %s: %w", name, err)
	}
	return path, nil
}

func (g *Gateway) print(now time.Time, chat, to, text string) error {
	if g.JSON {
		b, err := json.Marshal(struct {
			Time string `json:"time"`
			Chat string `json:"chat"`
			To   string `json:"to"`
			Text string `json:"text"`
		}{now.Format("2006-01-02 15:04"), chat, to, text})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(g.Out, "%s\n", b)
		return err
	}
	head := "[" + chat + "]"
	if to != "" {
		head = "[" + chat + "→" + to + "]"
	}
	indent := "\n  "
	if g.Stamp {
		head = now.Format("01-02 15:04") + " " + head
		indent = "\n" + strings.Repeat(" ", 14)
	}
	_, err := fmt.Fprintf(g.Out, "%s %s\n", head, strings.ReplaceAll(text, "\n", indent))
	return err
}

// Program is the wired linli that a transcript drives.
type Program struct {
	Router    *bot.Router
	Outbox    *bot.Outbox
	Directory *bot.Directory
	Store     bot.Store
	// Tick runs the jobs due up to now (the scheduler); nil when there is
	// none.
	Tick func(ctx context.Context, now time.Time) error
	// Down stops the program until a time and starts it again, when the
	// scheduler catches up by each job's missed-slot policy.
	Down func(ctx context.Context, until time.Time) error
	// IssueCode stores a known one-time coordinator code (`@code`).
	IssueCode func(ctx context.Context, code, community string, now time.Time) error
}

// Runner plays transcript lines against a program.
type Runner struct {
	Program Program
	Clock   *bot.SimClock
	// Source names the script; message ids are derived from it and the
	// line number, so a rerun redelivers the same ids.
	Source string
	// BotName is how messages @-mention the bot.
	BotName string
	// Batch, when above 1, hands up to that many consecutive message lines
	// to the router at once, as a gateway hands over one sync's messages
	// (ignored with Echo, where each line's replies follow it).
	Batch int
	// Echo, when set, receives each script line as "> line" before it is
	// played, so a golden transcript reads as the conversation it is.
	Echo io.Writer
	// Said, when set, receives each message line and each @now as it is
	// played, so a reader of `linli sim` sees who said what before the
	// bot's replies. Like Echo, it turns batching off.
	Said io.Writer

	generation int
	clockSet   bool
	queued     atomic.Bool // set by the router's hook, which may run on any goroutine
	lastMsg    *bot.Message
	renamed    map[string]string // group+"\x00"+name → new display name
}

// Run plays every line from p, stopping at the first error.
func (r *Runner) Run(ctx context.Context, p *Parser) error {
	var (
		batch []bot.Message
		first int // line number of the batch's first message
	)
	deliverBatch := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := r.deliver(ctx, batch...)
		batch = batch[:0]
		if err != nil {
			return fmt.Errorf("line %d: %w", first, err)
		}
		return nil
	}
	for {
		l, err := p.Next()
		if errors.Is(err, io.EOF) {
			if err := deliverBatch(); err != nil {
				return err
			}
			return r.flush(ctx)
		}
		if err != nil {
			return err
		}
		switch {
		case r.Echo != nil:
			fmt.Fprintf(r.Echo, "> %s\n", l.Raw)
		case r.Said != nil:
			if l.Kind == LineMessage || l.Kind == LineNow {
				fmt.Fprintf(r.Said, "> %s\n", strings.TrimSpace(l.Raw))
			}
		case r.Batch > 1 && l.Kind == LineMessage:
			if len(batch) == 0 {
				first = l.No
			}
			msg := r.message(l)
			r.lastMsg = &msg
			if batch = append(batch, msg); len(batch) >= r.Batch {
				if err := deliverBatch(); err != nil {
					return err
				}
			}
			continue
		}
		if err := deliverBatch(); err != nil {
			return err
		}
		if err := r.Step(ctx, l); err != nil {
			return fmt.Errorf("line %d: %w", l.No, err)
		}
	}
}

// Start delivers what an earlier, interrupted run left in the outbox.
func (r *Runner) Start(ctx context.Context) error { return r.flush(ctx) }

func (r *Runner) flush(ctx context.Context) error {
	_, err := r.Program.Outbox.SendDue(ctx)
	return err
}

// Step plays one line.
func (r *Runner) Step(ctx context.Context, l Line) error {
	switch l.Kind {
	case LineNow:
		if r.clockSet && l.Time.Before(r.Clock.Now()) {
			return scriptErrorf("@now %s goes back in time", l.Time.Format("2006-01-02 15:04"))
		}
		r.Clock.Set(l.Time)
		r.clockSet = true
		if r.Program.Tick != nil {
			if err := r.Program.Tick(ctx, l.Time); err != nil {
				return err
			}
		}
		return r.flush(ctx)
	case LineDown:
		if l.Time.Before(r.Clock.Now()) {
			return scriptErrorf("@down %s goes back in time", l.Time.Format("2006-01-02 15:04"))
		}
		if r.Program.Down == nil {
			r.Clock.Set(l.Time)
			return nil
		}
		if err := r.Program.Down(ctx, l.Time); err != nil {
			return err
		}
		return r.flush(ctx)
	case LineGroup:
		r.Program.Directory.AddGroup(l.Group, l.Community)
		return nil
	case LineAdmin:
		return r.makeAdmin(ctx, l)
	case LineCode:
		community := l.Community
		if community == "" {
			community = r.Program.Directory.DefaultCommunity
		}
		if r.Program.IssueCode == nil || community == "" {
			return scriptErrorf("@code needs a community (declare a @group first)")
		}
		return r.Program.IssueCode(ctx, l.Text, community, r.Clock.Now())
	case LineRelogin:
		r.generation++
		return r.Program.Store.InTx(ctx, func(ctx context.Context) error { return r.Program.Store.LoggedIn(ctx, r.Clock.Now()) })
	case LineRename:
		if r.renamed == nil {
			r.renamed = map[string]string{}
		}
		r.renamed[l.Group+"\x00"+l.Name] = l.NewName
		return nil
	case LineRedeliver:
		if r.lastMsg == nil {
			return scriptErrorf("@redeliver before any message")
		}
		return r.deliver(ctx, *r.lastMsg)
	}
	msg := r.message(l)
	r.lastMsg = &msg
	return r.deliver(ctx, msg)
}

func (r *Runner) deliver(ctx context.Context, msgs ...bot.Message) error {
	r.queued.Store(false)
	if err := r.Program.Router.HandleBatch(ctx, msgs); err != nil {
		return err
	}
	if !r.queued.Load() {
		return nil // nothing to say: skip the outbox
	}
	return r.flush(ctx)
}

// Queued tells the runner that a handled message queued replies; wire it
// to the router's OnEnqueue.
func (r *Runner) Queued() { r.queued.Store(true) }

// message builds the platform message a line stands for. Platform ids are
// derived from the sender's name and the login generation, as WeChat's
// change on every login.
func (r *Runner) message(l Line) bot.Message {
	name := l.Sender
	display := name
	if l.Chat != PrivateChat && l.Chat != OfficialAccountChat {
		if n, ok := r.renamed[l.Chat+"\x00"+name]; ok {
			display = n
		}
	}
	msg := bot.Message{
		ID:     fmt.Sprintf("%s:%d", r.Source, l.No),
		Sender: bot.Sender{PlatformID: fmt.Sprintf("@sim%d-%s", r.generation, name), DisplayName: display, NickName: name},
		Text:   l.Text,
		Kind:   bot.Text,
		Time:   r.Clock.Now(),
	}
	switch strings.TrimSpace(l.Text) {
	case "[图片]", "[照片]":
		msg.Kind, msg.Text = bot.Image, ""
	case "[语音]", "[表情]":
		msg.Kind, msg.Text = bot.Other, ""
	}
	switch l.Chat {
	case PrivateChat:
		msg.Chat = bot.Chat{Kind: bot.Private, Name: name}
	case OfficialAccountChat:
		// An openid never changes, unlike the personal-WeChat ids.
		msg.Chat = bot.Chat{Kind: bot.Private, Name: name, Channel: bot.OfficialAccount}
		msg.Sender.PlatformID = "oSim-" + name
	default:
		msg.Chat = bot.Chat{Kind: bot.Group, Name: l.Chat}
	}
	if r.BotName != "" && strings.Contains(bot.Normalize(l.Text), "@"+r.BotName) {
		msg.MentionsBot = true
		msg.Mentions = append(msg.Mentions, r.BotName)
	}
	return msg
}

// makeAdmin makes a member a coordinator directly (sim only).
func (r *Runner) makeAdmin(ctx context.Context, l Line) error {
	community := l.Community
	if community == "" {
		community = r.Program.Directory.DefaultCommunity
	}
	if community == "" {
		return scriptErrorf("@admin before any @group: no community")
	}
	return r.Program.Store.InTx(ctx, func(ctx context.Context) error {
		chat := bot.Chat{Kind: bot.Private, Name: l.Name, Community: community}
		m, _, err := r.Program.Store.ResolveMember(ctx, chat, bot.Sender{
			PlatformID: fmt.Sprintf("@sim%d-%s", r.generation, l.Name), DisplayName: l.Name, NickName: l.Name}, r.Clock.Now())
		if err != nil {
			return err
		}
		return r.Program.Store.SetRole(ctx, m.ID, community, bot.Coordinator, r.Clock.Now())
	})
}

// ScriptError is a line that reads well but cannot be played where it
// stands (time going back, @redeliver before any message): a mistake in
// the script, not a failure of the program.
type ScriptError struct{ Msg string }

func (e *ScriptError) Error() string { return e.Msg }

func scriptErrorf(format string, args ...any) error {
	return &ScriptError{Msg: fmt.Sprintf(format, args...)}
}

// IsScriptMistake reports whether err is the script's fault (a line that
// cannot be read or cannot be played), so `linli sim` exits 2.
func IsScriptMistake(err error) bool {
	var perr *ParseError
	var serr *ScriptError
	return errors.As(err, &perr) || errors.As(err, &serr)
}
