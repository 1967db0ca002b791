package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"linli/bot/intent"
)

// Turn is one inbound message being handled: who said what where, the
// arguments after the command keyword, and the replies the handler makes.
// Replies are stored in the outbox in the same transaction as the handler's
// effects.
type Turn struct {
	Msg    Message
	Member Member
	Chat   Chat
	// Keyword is the command keyword that matched ("" for listeners).
	Keyword string
	// Args is the normalised text after the keyword (the whole normalised
	// text for listeners).
	Args string
	// Now is the message time on the bot's clock.
	Now time.Time
	// Loc is the community's time zone.
	Loc *time.Location

	// Effects holds the messages the handler sends, stored in the outbox
	// in the message's transaction.
	Effects
}

// Reply answers in the chat the message came from.
func (t *Turn) Reply(text string) {
	if t.Chat.Kind == Group {
		t.Send(GroupAddress(t.Chat.Name), text)
		return
	}
	t.Send(MemberAddress(t.Member), text)
}

// ReplyPrivately answers the sender in a private chat, wherever they asked.
func (t *Turn) ReplyPrivately(text string) { t.Send(MemberAddress(t.Member), text) }

// Send queues a message to any address, traced to the message handled.
func (t *Turn) Send(to Address, text string) {
	if t.Effects.Source == "" {
		t.Effects.Source = t.Msg.ID
	}
	t.Effects.Send(to, text)
}

// Messenger is anything a piece of work sends messages through: a handler's
// *Turn or a timer's *Effects. Code shared by a chat command and a timer
// (telling the coordinators about a task, say) takes a Messenger, so both
// have the same effects.
type Messenger interface {
	Send(to Address, text string)
	SendPicture(to Address, text string, p Picture)
}

// Effects are the messages one piece of work sends: a handler's turn, or
// a scheduled job's or timer's firing. They are stored in the outbox in
// the transaction that commits the work, so they go out if and only if
// the work took effect.
type Effects struct {
	// Source names the work in each message's outbox row (the message id,
	// "timer:<key>"), for tracing a message back to what sent it.
	Source string
	out    []Outgoing
}

// NewEffects returns an empty set of effects for work named source.
func NewEffects(source string) *Effects { return &Effects{Source: source} }

// Send queues a message to any address.
func (e *Effects) Send(to Address, text string) {
	e.out = append(e.out, Outgoing{To: to, Text: text, Source: e.Source})
}

// SendPicture queues a picture to any address; text says the same in
// words, for a gateway that cannot send pictures.
func (e *Effects) SendPicture(to Address, text string, p Picture) {
	e.out = append(e.out, Outgoing{To: to, Text: text, Source: e.Source, Picture: &p})
}

// Queue queues a message as it is given (a Secret one, say), traced to
// the work that sends it.
func (e *Effects) Queue(m Outgoing) {
	if m.Source == "" {
		m.Source = e.Source
	}
	e.out = append(e.out, m)
}

// SendFile queues a file to any address; text tells where else to get
// it, for a gateway that cannot send files.
func (e *Effects) SendFile(to Address, text string, f File) {
	e.out = append(e.out, Outgoing{To: to, Text: text, Source: e.Source, File: &f})
}

// SendPicture queues a picture to any address, traced to the message
// handled.
func (t *Turn) SendPicture(to Address, text string, p Picture) {
	if t.Effects.Source == "" {
		t.Effects.Source = t.Msg.ID
	}
	t.Effects.SendPicture(to, text, p)
}

// Queue queues a message as it is given (a Secret one, say), traced to
// the message handled.
func (t *Turn) Queue(m Outgoing) {
	if t.Effects.Source == "" {
		t.Effects.Source = t.Msg.ID
	}
	t.Effects.Queue(m)
}

// SendFile queues a file to any address, traced to the message handled.
func (t *Turn) SendFile(to Address, text string, f File) {
	if t.Effects.Source == "" {
		t.Effects.Source = t.Msg.ID
	}
	t.Effects.SendFile(to, text, f)
}

// ReplyPicture answers with a picture in the chat the message came from.
func (t *Turn) ReplyPicture(text string, p Picture) {
	to := MemberAddress(t.Member)
	if t.Chat.Kind == Group {
		to = GroupAddress(t.Chat.Name)
	}
	t.SendPicture(to, text, p)
}

// Outgoing returns the messages queued so far, in order.
func (e *Effects) Outgoing() []Outgoing { return e.out }

// InGroup reports whether the message was said in a group.
func (t *Turn) InGroup() bool { return t.Chat.Kind == Group }

// Community is the community the turn belongs to: the group's, or in a
// private chat the member's own.
func (t *Turn) Community() string {
	if t.Chat.Community != "" {
		return t.Chat.Community
	}
	return t.Member.Community
}

// IsCoordinator reports whether the sender coordinates the chat's community.
func (t *Turn) IsCoordinator() bool { return t.Member.Role == Coordinator }

// Scope says where a command may be used.
type Scope int

const (
	// Anywhere allows groups and private chats.
	Anywhere Scope = iota
	// GroupOnly allows group chats only.
	GroupOnly
	// PrivateOnly allows private chats only.
	PrivateOnly
)

// ErrPass is returned by a handler that decided to stay silent on a turn
// its intent matched (an unsure answer in a group that did not address the
// bot); the router then offers the turn to the listeners. Which handler a
// message is for is decided once, by the intents' argument shapes, never
// by a handler sniffing another's arguments.
var ErrPass = errors.New("bot: not handled")

// OrPass is err, or ErrPass when there is none: a handler that found
// nothing to take the words for passes them on.
func OrPass(err error) error {
	if err != nil {
		return err
	}
	return ErrPass
}

// UserError is an error whose message is safe to show the user, a short
// Chinese sentence. Any other error is logged in full and the user gets a
// generic apology.
type UserError struct{ Msg string }

func (e *UserError) Error() string { return e.Msg }

// Userf returns a UserError whose reply is format filled in with args, as
// fmt.Sprintf does; the transaction is rolled back.
func Userf(format string, args ...any) error {
	if len(args) == 0 {
		return &UserError{Msg: format}
	}
	return &UserError{Msg: fmt.Sprintf(format, args...)}
}

// HandlerFunc handles one turn inside the message's transaction. Returning
// an error rolls back every effect of the message; a *UserError is shown to
// the user, ErrPass hands the turn on.
type HandlerFunc func(ctx context.Context, t *Turn) error

// Answer is a handler that gives one fixed reply: the answer to a question
// that depends on nobody's data and on who asks only through the intent's
// role.
func Answer(reply string) HandlerFunc {
	return func(_ context.Context, t *Turn) error {
		t.Reply(reply)
		return nil
	}
}

// Command is a chat command: keywords at the start of a message.
type Command struct {
	// Keywords are matched at the start of the normalised text, longest
	// first. The first is the one shown in help.
	Keywords []string
	// Loose lets a keyword run straight into its argument with no space
	// ("求助我家…"); otherwise the keyword must end the text or be followed
	// by a space, '#', a digit or punctuation.
	Loose bool
	// Role is the least role allowed; residents asking for a coordinator
	// command are refused politely.
	Role Role
	// Scope is where the command may be used.
	Scope Scope
	// Help is the one-line description shown by 全部命令 ("打卡 — 今日打卡").
	Help string
	// Intent declares what the command means in residents' own words: its
	// argument shape, cues and example phrasings, whether it may answer a
	// group unprompted, its place in the menu. The keywords, role and
	// looseness above are filled in; an undeclared command is matched by
	// its keywords alone and takes any arguments.
	Intent intent.Decl
	// Handle does the work.
	Handle HandlerFunc
	// Draft, when set, reads a coordinator's own words as this command
	// (「礼拜六下午两点半在活动室搞个民法典讲座 限30人」): the arguments it
	// would run with, and ok only when the words clearly ask for it. The
	// command is offered, written out, to be confirmed with a yes; nothing
	// runs on the words alone.
	Draft func(ctx context.Context, t *Turn, text string) (args string, ok bool)
	// DraftLast tries Draft after every other command's: a notice reads
	// almost any words, and a set-up that ends 「你帮我在两个群里发个通知」
	// is the set-up, which announces itself.
	DraftLast bool
	// Amend, when set, changes a drafted line's arguments as a
	// coordinator's words to the waiting draft say, beyond what every
	// draft takes (words added, the groups, a word put right): a notice
	// takes a new time (「改成7点半吧」「今天上午10点发」). ok is false when
	// the words change nothing it reads.
	Amend func(t *Turn, args, text string) (string, bool)
}

// Listener looks at messages that are not commands: @-mentions, private
// free text and, when InGroups is set, clear in-domain questions in groups.
type Listener struct {
	// Name is for logs.
	Name string
	// InGroups lets the listener see group messages that do not mention
	// the bot; it must then stay quiet (ErrPass) on ordinary chatter.
	InGroups bool
	// First lets the listener see a text before its intents are decided,
	// for the answer to a question it is waiting on that would otherwise
	// read as something else (「不用了，谢谢」 is thanks, unless a request
	// was just asked about). It must pass (ErrPass) on everything else.
	First bool
	// Handle returns ErrPass when the message is not for it.
	Handle HandlerFunc
}

// Registry is where workflows register their commands, listeners and
// scheduled jobs' messages.
type Registry interface {
	AddCommand(c Command)
	AddListener(l Listener)
}
