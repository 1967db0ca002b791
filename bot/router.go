package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/internal/recent"
)

// Replies the router gives on its own.
const (
	replyTooLong  = "消息太长了，请分几次发，每次说一件事。"
	replyInternal = "抱歉，系统出了点问题，请稍后再试。"
	replyEmpty    = "请发文字消息。发送「帮助」看看我能做什么。"
	replyTextOnly = "我暂时只能看懂文字消息，请打字告诉我。"
	// replyNotChinese answers a message in letters only, in both
	// languages: the menu would be Chinese the sender may not read.
	replyNotChinese = "Sorry, I can only help in Chinese. To check in, send 打卡 in your community group; send 帮助 for the menu.\n请用中文和我说，比如发「打卡」「我的积分」「帮助」。"
)

// Router decides who may trigger what. In groups it is quiet by default: it
// answers registered keywords, @-mentions and listeners that recognise a
// clear in-domain question; in private chats it answers everything. Every
// message is handled inside one store transaction together with its
// de-duplication record and its replies.
type Router struct {
	Store     Store
	Directory *Directory
	Clock     Clock
	Log       *slog.Logger
	// BotName is the bot's display name, stripped from @-mentions.
	BotName string
	// Claims, when set, keeps two instances from handling the same message:
	// a message is claimed before its transaction and the claim is given
	// back if the transaction fails, so a redelivery is handled then.
	// at once; the durable check is always the store's.
	Claims  Locker
	Metrics *Metrics
	// OnEnqueue is called after a transaction that queued messages
	// commits, to wake the outbox.
	OnEnqueue func()

	commands  []Command
	listeners []Listener

	mu      sync.Mutex
	res     *intent.Resolver
	choices choices
	// blanks are drafts shown with their groups left blank (「@…」),
	// which the next words naming groups fill: each of those not yet
	// filled (「…写春联…」 then 「…包饺子…」, then 「两个群都发」).
	blanks choices
	// bundles are drafts filled together, which one yes sends together.
	bundles choices
	// talking is when members last spoke to the bot in each group.
	talking recent.Moments[string]
}

// AddCommand registers a command and the intent it declares.
func (r *Router) AddCommand(c Command) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.commands = append(r.commands, c)
	r.res = nil
}

// AddListener registers a listener; listeners are tried in order.
func (r *Router) AddListener(l Listener) { r.listeners = append(r.listeners, l) }

func (r *Router) log() *slog.Logger {
	if r.Log == nil {
		return slog.Default()
	}
	return r.Log
}

// Handle handles one inbound message. It returns an error only when the
// store failed in a way that lost the message's handling; user mistakes are
// answered, not returned.
func (r *Router) Handle(ctx context.Context, msg Message) error {
	return r.HandleBatch(ctx, []Message{msg})
}

// HandleBatch handles messages in order inside one store transaction, each
// in a savepoint of its own: a message whose handler fails has its effects
// undone and gets its answer, and the others are not touched. Committing
// once for the messages a gateway delivered together (one WeChat sync, a
// run of transcript lines) is what lets a morning burst of check-ins
// through. A crash before the commit loses no message: none of the batch
// was answered or recorded as handled, so its redelivery handles it.
func (r *Router) HandleBatch(ctx context.Context, msgs []Message) error {
	start := time.Now()
	todo := make([]Message, 0, len(msgs))
	claims := map[string]string{} // message id → claim token
	for _, msg := range msgs {
		if m, token, ok := r.admit(ctx, msg); ok {
			todo = append(todo, m)
			if token != "" {
				claims[m.ID] = token
			}
		}
	}
	if len(todo) == 0 {
		return nil
	}
	queued, err := r.commit(ctx, todo)
	if queued && r.OnEnqueue != nil {
		r.OnEnqueue()
	}
	if err != nil {
		// Nothing of the failed part counts: give the claims back so that
		// a redelivery, here or on another instance, handles it. (A part
		// committed before it is still caught by the store.)
		for id, token := range claims {
			if relErr := r.Claims.Release(context.WithoutCancel(ctx), "inbound:"+id, token); relErr != nil {
				r.log().Warn("cannot release a message claim; it expires by itself", "msg", id, "err", relErr)
			}
		}
		return err
	}
	if r.Metrics != nil {
		r.Metrics.MessagesIn.Add(int64(len(todo)))
		per := time.Since(start) / time.Duration(len(todo))
		for range todo {
			r.Metrics.ObserveHandled(per, r.Clock.Now())
		}
	}
	return nil
}

// batchAttempts is how often a batch of several messages runs before it
// is split in two after conflicting with concurrent transactions.
const batchAttempts = 2

// commit handles msgs in one transaction. When concurrent transactions
// (processes sharing PostgreSQL) keep conflicting with it, the batch is
// handled in two halves instead, each its own transaction, down to single
// messages, which the store runs again as often as it takes: a long
// transaction that lost twice tends to lose again, each time throwing
// away all its work, while a short one gets through. queued reports
// whether a part that committed queued a message.
func (r *Router) commit(ctx context.Context, msgs []Message) (queued bool, err error) {
	try := ctx
	if len(msgs) > 1 {
		try = TryAtMost(ctx, batchAttempts)
	}
	// The senders are read ahead on the batch's first run only. A batch
	// that runs again lost to a concurrent one; reading each sender just
	// before handling them then keeps its reads as short as they can be.
	// (Reading ahead on every run, three processes sharing PostgreSQL fell
	// into long runs of conflicts in about a third of morning bursts.)
	readAhead := len(msgs) > 1
	err = r.Store.InTx(try, func(ctx context.Context) error {
		queued = false
		if ra, ok := r.Store.(ReadAheader); ok && readAhead {
			readAhead = false
			if err := ra.ReadAhead(ctx, msgs); err != nil {
				return err
			}
		}
		for _, msg := range msgs {
			q, err := r.handleOne(ctx, msg)
			if err != nil {
				return fmt.Errorf("handle message %s: %w", msg.ID, err)
			}
			queued = queued || q
		}
		return nil
	})
	if err == nil || len(msgs) == 1 || !errors.Is(err, ErrConflict) {
		return queued && err == nil, err
	}
	half := len(msgs) / 2
	first, err := r.commit(ctx, msgs[:half])
	if err != nil {
		return first, err
	}
	second, err := r.commit(ctx, msgs[half:])
	return first || second, err
}

// inboundClaimTTL is how long a handled message's id stays claimed across
// instances; a redelivery later than that is caught by the store.
const inboundClaimTTL = 10 * time.Minute

// admit drops messages linli does not serve (unlisted groups) and those
// another instance has claimed, and fills in the community. The returned
// token gives the claim back (empty when nothing was claimed).
func (r *Router) admit(ctx context.Context, msg Message) (Message, string, bool) {
	if msg.Chat.Kind == Group {
		community, ok := r.Directory.CommunityOf(msg.Chat.Name)
		if !ok {
			r.log().Debug("ignoring message from unlisted group", "group", msg.Chat.Name)
			return msg, "", false
		}
		msg.Chat.Community = community
	}
	if r.Claims == nil || msg.ID == "" {
		return msg, "", true
	}
	token, ok, err := r.Claims.Acquire(ctx, "inbound:"+msg.ID, inboundClaimTTL)
	switch {
	case err != nil:
		r.log().Warn("shared de-duplication unavailable; relying on the store", "err", err)
		return msg, "", true
	case !ok:
		r.countDuplicate(msg)
		return msg, "", false
	}
	return msg, token, true
}

// handleOne handles one message inside the batch's transaction. When the
// handler fails, its effects are rolled back to the savepoint and the
// message is recorded as handled with its answer (the user error's
// sentence, or an apology), so a redelivery does not ask again.
func (r *Router) handleOne(ctx context.Context, msg Message) (queued bool, err error) {
	err = r.Store.Savepoint(ctx, func(ctx context.Context) error {
		t, first, err := r.begin(ctx, msg)
		if err != nil || !first {
			return err
		}
		if err := r.routeRecovering(ctx, t); err != nil {
			return err
		}
		queued = len(t.Outgoing()) > 0
		return r.Store.Enqueue(ctx, t.Now, t.Outgoing()...)
	})
	if err == nil {
		return queued, nil
	}
	if errors.Is(err, ErrConflict) {
		// The transaction is lost, not the message: it runs again.
		return false, err
	}
	reply := replyInternal
	var userErr *UserError
	if errors.As(err, &userErr) {
		reply = userErr.Msg
	} else {
		r.log().Error("handling message failed", "msg", msg.ID, "chat", msg.Chat.Name, "err", err)
	}
	err2 := r.Store.Savepoint(ctx, func(ctx context.Context) error {
		t, first, err := r.begin(ctx, msg)
		if err != nil || !first {
			return err
		}
		t.Reply(reply)
		return r.Store.Enqueue(ctx, t.Now, t.Outgoing()...)
	})
	if err2 != nil {
		return false, errors.Join(err, err2)
	}
	return true, nil
}

// routeRecovering routes a message and turns a handler's panic into an
// error: the message's effects roll back to its savepoint, the resident
// gets the apology, the stack goes to the log, and the rest of the batch
// (and the process) goes on.
func (r *Router) routeRecovering(ctx context.Context, t *Turn) (err error) {
	defer func() {
		if p := recover(); p != nil {
			r.log().Error("handler panicked", "msg", t.Msg.ID, "chat", t.Msg.Chat.Name, "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("handler panicked: %v", p)
		}
	}()
	return r.route(WithCommunity(ctx, t.Chat.Community), t)
}

type communityKey struct{}

// WithCommunity marks ctx as work done for a community, so that what a
// handler calls (the model's daily token budget, say) can charge it
// without every workflow passing the name along.
func WithCommunity(ctx context.Context, community string) context.Context {
	return context.WithValue(ctx, communityKey{}, community)
}

// WithActor marks ctx with who acts, by name, for the audit log of work
// done on behalf of someone with no member id (the console's operator).
func WithActor(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, actorKey{}, name)
}

// ActorOf is the actor ctx was marked with, or "".
func ActorOf(ctx context.Context) string {
	s, _ := ctx.Value(actorKey{}).(string)
	return s
}

type actorKey struct{}

// CommunityOf is the community ctx was marked with, or "".
func CommunityOf(ctx context.Context) string {
	s, _ := ctx.Value(communityKey{}).(string)
	return s
}

func (r *Router) countDuplicate(msg Message) {
	r.log().Info("ignoring redelivered message", "msg", msg.ID)
	if r.Metrics != nil {
		r.Metrics.Duplicates.Add(1)
	}
}

// begin records the message as handled and builds its turn; first is false
// for a redelivery.
func (r *Router) begin(ctx context.Context, msg Message) (*Turn, bool, error) {
	now := msg.Time
	if now.IsZero() {
		now = r.Clock.Now()
	}
	if msg.ID != "" {
		first, err := r.Store.MarkHandled(ctx, msg.ID, msg.Chat.Community, now)
		if err != nil {
			return nil, false, err
		}
		if !first {
			r.countDuplicate(msg)
			return nil, false, nil
		}
	}
	chat := msg.Chat
	member, relink, err := r.Store.ResolveMember(ctx, chat, msg.Sender, now)
	if err != nil {
		return nil, false, err
	}
	if relink != nil {
		r.log().Info("re-linked member", "member", relink.MemberID, "group", relink.Group, "reason", relink.Reason,
			"old_id", relink.OldID, "new_id", relink.NewID, "old_name", relink.OldName, "new_name", relink.NewName,
			"refused", relink.Refused)
	}
	if chat.Kind == Private {
		chat.Community = member.Community
		if chat.Community == "" {
			chat.Community = r.Directory.DefaultCommunity
		}
		chat.Name = member.Name
		if member.Community != chat.Community {
			if member, err = r.Store.MemberByID(ctx, member.ID, chat.Community); err != nil {
				return nil, false, err
			}
		}
	}
	if msg.ID != "" && chat.Community != msg.Chat.Community {
		if err := r.Store.CountFor(ctx, msg.ID, chat.Community); err != nil {
			return nil, false, err
		}
	}
	msg.Chat = chat
	t := &Turn{Msg: msg, Member: member, Chat: chat, Now: now, Loc: r.Directory.Location(chat.Community)}
	if relink != nil {
		if err := r.noteRelink(ctx, t, relink); err != nil {
			return nil, false, err
		}
	}
	return t, true, nil
}

// route decides what a turn means and runs it.
func (r *Router) route(ctx context.Context, t *Turn) error {
	called := t.Chat.Kind == Group && !t.Msg.MentionsBot && r.calledByName(t.Msg.Text)
	if called {
		// 「小助手小助手 下礼拜二谁能陪我去复查」: called by name, not @.
		t.Msg.MentionsBot = true
	}
	place := placeOf(t)
	addressed := place != intent.Group
	text := once(stripGreeting(StripAddress(Normalize(t.Msg.Text), r.BotName, addressed)))
	if called {
		// 「小助手我也报一个」: the name, run into what is asked.
		text = strings.TrimSpace(botNames.ReplaceAllString(text, ""))
	}
	if t.Chat.Kind == Group && t.Msg.Kind == Text {
		if !addressed && text != "" && r.talking.Within(choiceKey(t), t.Now, talkingWindow) && r.clearlyAsks(text, t.Member.Role) {
			// Going on to the bot without the @ again.
			t.Msg.MentionsBot = true
			place, addressed = placeOf(t), true
		}
		if addressed {
			r.talking.Mark(choiceKey(t), t.Now, talkingWindow)
		}
	}
	long := len(t.Msg.Text) > MaxMessageBytes
	if long {
		text = cut(text, MaxMessageBytes)
	}
	if text == "" && t.Msg.Kind == Text {
		switch {
		case t.Msg.MentionsBot:
			// A bare @-mention is a greeting: it gets the menu.
			res, err := r.resolver()
			if err != nil {
				return err
			}
			r.offer(t, res, replyMenuHead, r.menuFor(res, t.Member.Role, place), false)
		case addressed:
			t.Reply(replyEmpty)
		}
		return nil
	}
	t.Args = text
	if t.Msg.Kind == Text {
		for _, l := range r.listeners {
			if !l.First || (!addressed && !l.InGroups) {
				continue
			}
			if err := l.Handle(ctx, t); !errors.Is(err, ErrPass) {
				return err
			}
		}
		res, err := r.resolver()
		if err != nil {
			return err
		}
		if len(text) <= maxNo && no[strings.ReplaceAll(intent.Fold(text), " ", "")] && r.dropWaiting(t) {
			// 「不用了」 to 「要这样发吗？」: nothing is done.
			t.Reply(replyDeclined)
			return nil
		}
		if done, err := r.followDraft(ctx, t, res, text, place); done || err != nil {
			return err
		}
		if n, ok := digit(text); ok {
			if ms, ok := r.bundles.takeAll(choiceKey(t), n, t.Now, t.Msg.ID); ok {
				return r.actBundle(ctx, t, res, ms)
			}
			if m, ok := r.choices.take(choiceKey(t), n, t.Now, t.Msg.ID); ok {
				m.Score = intent.ByKeyword
				return r.act(ctx, t, res, m)
			}
		}
		d, err := r.Decide(text, place, t.Member.Role)
		if err != nil {
			return err
		}
		if !long && d.Match.Keyword == "" {
			if done, err := r.checkinThenAsk(ctx, t, res, text, place, addressed); done || err != nil {
				return err
			}
		}
		if addressed && !long && d.Match.Keyword == "" && topScore(d) <= intent.ByCue {
			// A reading above a cue's (an ID number, authority claimed)
			// is of the whole message.
			if done, err := r.several(ctx, t, res, text, place); done || err != nil {
				return err
			}
		}
		// A coordinator's own words may set something up (drafted); a
		// reading above a cue's is tried first, and when it passes
		// (「赵书记让我弄个讲座…」 is no claim from a coordinator), the drafts.
		// In a group, a coordinator who calls the bot by name gets a draft
		// (privately) only when nothing else reads the words.
		mayDraft := t.Member.Role >= Coordinator && (!t.InGroup() || t.Msg.MentionsBot) && !long && d.Match.Keyword == ""
		if mayDraft && !t.InGroup() && topScore(d) <= intent.ByCue {
			mayDraft = false
			if r.filledBlank(t, text) || r.drafted(ctx, t, res, text) {
				return nil
			}
		}
		if long && (d.Action != Act || d.Match.Keyword == "") {
			// Only a command word is read in a message this long: its
			// note is cut short; anything else gets a clear answer.
			if addressed {
				t.Reply(replyTooLong)
			}
			return nil
		}
		switch d.Action {
		case Act:
			err := r.act(ctx, t, res, d.Match)
			if !errors.Is(err, ErrPass) {
				return err
			}
			if mayDraft && r.drafted(ctx, t, res, text) {
				return nil
			}
			addressed = addressed || d.Match.Keyword != ""
		case Ask:
			if mayDraft && t.InGroup() && r.drafted(ctx, t, res, text) {
				return nil
			}
			r.offer(t, res, "", d.Options, true)
			return nil
		case Refuse, Audit:
			if d.Action == Refuse && mayDraft && t.InGroup() && r.drafted(ctx, t, res, text) {
				return nil
			}
			if d.Match.Index < len(r.commands) && r.commands[d.Match.Index].Role > t.Member.Role {
				if err := r.Store.Audit(ctx, AuditEntry{Time: t.Now, MemberID: t.Member.ID, Community: t.Chat.Community,
					Action: "refused", Detail: text}); err != nil {
					return err
				}
			}
			if d.Action == Refuse {
				t.Reply(d.Reply)
			}
			return nil
		}
	} else if long {
		return nil
	}
	t.Keyword, t.Args = "", text
	for _, l := range r.listeners {
		if l.First || (!addressed && !l.InGroups) {
			continue
		}
		err := l.Handle(ctx, t)
		if errors.Is(err, ErrPass) {
			continue
		}
		return err
	}
	switch {
	case !addressed:
	case t.Msg.Kind == Text && notChinese(text):
		t.Reply(replyNotChinese)
	case t.Msg.Kind == Text:
		res, err := r.resolver()
		if err != nil {
			return err
		}
		if t.Member.Role >= Coordinator && t.InGroup() && t.Msg.MentionsBot && r.drafted(ctx, t, res, text) {
			return nil
		}
		if r.offerPassOn(t, res, text) {
			return nil
		}
		r.offer(t, res, replyUnsureHead, r.menuFor(res, t.Member.Role, place), false)
	default:
		t.Reply(replyTextOnly)
	}
	return nil
}

// once reads a message typed twice over (「报名讲座 报名讲座」「打卡 打卡」)
// as typed once.
func once(text string) string {
	words := strings.Fields(text)
	if len(words) < 2 {
		return text
	}
	for _, w := range words[1:] {
		if w != words[0] {
			return text
		}
	}
	return words[0]
}

// topScore is the score of a decision's best reading.
func topScore(d Decision) float64 {
	top := d.Match.Score
	for _, o := range d.Options {
		top = max(top, o.Score)
	}
	return top
}

// drafted offers the command a coordinator's own words clearly ask for,
// written out, to be run on a yes (「是」) or copied and corrected. It
// reports false when no command's draft reads the words.
func (r *Router) drafted(ctx context.Context, t *Turn, res *intent.Resolver, text string) bool {
	i, args, ok := r.draftOf(ctx, t, text)
	if ok {
		r.offerDraft(t, res, i, r.commands[i], args)
	}
	return ok
}

// draftOf is the command a coordinator's words set up, and its drafted
// arguments; ok is false when no command's draft reads them.
func (r *Router) draftOf(ctx context.Context, t *Turn, text string) (int, string, bool) {
	for _, last := range []bool{false, true} {
		for i, c := range r.commands {
			if c.Draft == nil || c.DraftLast != last || c.Role > t.Member.Role || len(c.Keywords) == 0 {
				continue
			}
			if args, ok := c.Draft(ctx, t, text); ok {
				return i, args, true
			}
		}
	}
	return 0, "", false
}

// offerDraft shows command i's line with the drafted arguments: to confirm
// with a yes, to fill in where only the groups are blank, or to copy.
func (r *Router) offerDraft(t *Turn, res *intent.Resolver, i int, c Command, args string) {
	line := c.Keywords[0] + " " + args
	switch {
	case c.Scope == GroupOnly:
		sayDraft(t, fmt.Sprintf("「%s」要在群里发：请到要用的群里发\n%s", c.Keywords[0], line))
		return
	case strings.HasPrefix(args, "@… ") && strings.Count(args, "…") == 1 && !strings.Contains(args, "\n"):
		// Only the groups left to say: the next words may say them.
		sayDraft(t, fmt.Sprintf("要发到哪个群？回复群名（如「%s」，几个群都发就说「两个群都发」），或把…换成群名，照着改好了发给我：\n%s", r.exampleGroup(t), line))
		r.blanks.add(draftKey(t), intent.Match{Index: i, Name: res.Decl(i).Name, Score: intent.ByKeyword, Keyword: c.Keywords[0], Args: args}, t.Now, t.Now.Add(choiceTTL))
		return
	case strings.Contains(args, "…"):
		// A blank: copied, filled in, not confirmed. Several lines
		// without one are confirmed together: the command runs them all.
		sayDraft(t, fmt.Sprintf("要这样发（把…换成实际的，一条一条发给我）：\n%s", line))
		return
	}
	sayDraft(t, fmt.Sprintf("要这样发吗？\n%s\n回复「是」就发；不对的话，照着改好了发给我。", line))
	// A whole set-up after one left waiting for its groups: that one was
	// let go, and words of groups now are not for it.
	r.blanks.drop(draftKey(t), t.Now)
	r.choices.putDraft(draftKey(t), intent.Match{Index: i, Name: res.Decl(i).Name, Score: intent.ByKeyword, Keyword: c.Keywords[0], Args: args}, t.Now.Add(choiceTTL))
}

// filledBlank offers a draft whose groups were left blank with the groups
// the coordinator's next words name (「你在两个群里发一下吧」), to confirm.
func (r *Router) filledBlank(t *Turn, text string) bool {
	bare := !strings.Contains(text, "群")
	if r.Directory == nil || bare && !everyGroupSaid.MatchString(text) || utf8.RuneCountInString(text) > 60 {
		return false
	}
	groups := r.Directory.GroupsNamed(t.Community(), text)
	if len(groups) == 0 && bare {
		groups = r.communityGroups(t)
	}
	if len(groups) == 0 || utf8.RuneCountInString(fillWords.ReplaceAllString(intent.Fold(text), "")) > 4 {
		// 「那你在两个群说一下 新垃圾桶下周放车棚旁边」 says more than where.
		return false
	}
	ms, ok := r.blanks.takeAll(draftKey(t), 0, t.Now, "")
	if !ok {
		return false
	}
	lines := make([]string, len(ms))
	for i := range ms {
		ms[i].Args = strings.Replace(ms[i].Args, "@…", "@"+strings.Join(groups, " @"), 1)
		lines[i] = ms[i].Keyword + " " + ms[i].Args
	}
	if len(ms) == 1 {
		sayDraft(t, fmt.Sprintf("要这样发吗？\n%s\n回复「是」就发；不对的话，照着改好了发给我。", lines[0]))
		r.choices.putDraft(draftKey(t), ms[0], t.Now.Add(choiceTTL))
		return true
	}
	sayDraft(t, fmt.Sprintf("要这样发吗？\n%s\n回复「是」就都发；不对的话，照着改好了一条一条发给我。", strings.Join(lines, "\n")))
	r.choices.drop(draftKey(t), t.Now)
	r.bundles.put(draftKey(t), ms, t.Now.Add(choiceTTL))
	return true
}

// everyGroupSaid says every group without the word 群, to a draft waiting
// for its groups: 「好了 两个都发吧」「都发」.
var everyGroupSaid = gatedre.MustCompile(`(两个|三个|几个|所有的?|全部)都?(发|要发|群发)|都发`)

// dropWaiting lets go of all that waits for the asker's yes or groups,
// reporting whether anything did.
func (r *Router) dropWaiting(t *Turn) bool {
	dropped := r.choices.drop(choiceKey(t), t.Now)
	dropped = r.bundles.drop(choiceKey(t), t.Now) || dropped
	if !t.InGroup() {
		dropped = r.blanks.drop(draftKey(t), t.Now) || dropped
	}
	return dropped
}

// draftKey is where a draft waits for its yes: always the coordinator's
// private chat, where a draft asked for in a group is shown.
func draftKey(t *Turn) string { return "p:" + strconv.FormatInt(t.Member.ID, 10) }

// sayDraft shows a draft: privately, with a word in the group when it was
// asked for there, so the group does not see a coordinator's drafts.
func sayDraft(t *Turn, text string) {
	if !t.InGroup() {
		t.Reply(text)
		return
	}
	t.ReplyPrivately(text)
	t.Reply(replyDraftPrivately)
}

// fillWords are the words of saying where a draft goes, with the groups'
// own: what is left of 「你在两个群里发一下吧，让大家直接在群里报名」 is
// nothing.
var fillWords = gatedre.MustCompile(`[^\p{Han}]|你|您|那|就|在|到|往|给|两个|三个|几个|所有|全部|每个|各个|都|也|一起|群|里|上|发|说|通知|一下|一声|吧|啊|呀|让|叫|大家|居民|直接|报名|投票|参加|可以|[一二三四五六七八九十0-9]|号楼|期|栋|` +
	// 「你帮我在一群和3号楼群都发个通知 今天上午十点发 说一下讲座的事」
	`帮我|个|和|跟|今天|明天|上午|下午|晚上|早上|中午|点|半|的事|事|这个|那个|活动|讲座|一条|` +
	// 「你写个通知今天早上九点发到一群二群 字别太多 老人看不明白 就说咋报名就行」
	`写|字|别太多|不要太长|简单|简短|短点|老人|看(不|得)?(明白|懂)|能看懂|咋|怎么|就行|行`)

// exampleGroup is one of the asker's community's groups, to show.
func (r *Router) exampleGroup(t *Turn) string {
	if r.Directory != nil {
		if gs := r.Directory.Groups(t.Community()); len(gs) > 0 {
			return gs[0]
		}
	}
	return "一群"
}

// clearlyAsks reports whether text, said to the bot, clearly asks it for
// something: in words that ask (「帮我…」「还有…」) and read as an intent
// acted on by a cue or a keyword. Thanks and chat stay the neighbours'.
func (r *Router) clearlyAsks(text string, role Role) bool {
	if !asksOn.MatchString(text) {
		return false
	}
	d, err := r.Decide(text, intent.Mention, role)
	return err == nil && d.Action == Act && d.Match.Score >= intent.ByCue
}

// asksOn are words that go on asking: 「那帮我报一个」「还有一袋米…」.
var asksOn = gatedre.MustCompile(`帮我|给我|麻烦你|你帮|替我|帮帮忙|请你|^(那|那就)?(还有|另外|对了)`)

// botNames are the names a resident calls the bot by, at a message's start.
var botNames = gatedre.MustCompile(`^(社区小助手|小助手|小主手|小帮手)+`)

// askingOpener opens words asked of the bot, run on after its name:
// 「我也报一个」「帮我查查」「请问」.
var askingOpener = gatedre.MustCompile(`^(我(也|想|要)|帮我|帮忙|请|给我|能不能|能否|可不可以)|^[^ ]{1,12}(是哪天|哪天|几点|在哪|什么时候|啥时候|怎么|咋|多少|是什么|吗)`)

// calledByName reports whether a group message starts by calling the bot
// by its name, then a pause, with more to say (「小助手 …」「社区小助手，…」
// 「小助手小助手 …」); 「小助手真好用」 speaks of it.
func (r *Router) calledByName(text string) bool {
	text = strings.TrimSpace(text)
	for _, name := range []string{r.BotName, "社区小助手", "小助手", "小主手", "小帮手"} {
		if name == "" || !strings.HasPrefix(text, name) {
			continue
		}
		rest := strings.TrimPrefix(text, name)
		for strings.HasPrefix(rest, name) {
			rest = strings.TrimPrefix(rest, name)
		}
		said := strings.TrimLeft(rest, " ，,。:：!！~～啊呀吖")
		if askingOpener.MatchString(said) {
			// 「小助手我也报一个」「小助手帮我查查」: run on, but asking.
			return true
		}
		for _, hi := range []string{"你好", "您好"} {
			// 「小助手你好我是刘奶奶…」
			if after, ok := strings.CutPrefix(said, hi); ok && after != "" {
				return true
			}
		}
		return said != "" && (len(said) < len(rest) || len(rest) < len(text)-len(name))
	}
	return false
}

// greeting is a greeting before what a message asks: 「你好 我多少分」
// asks for the points.
var greeting = gatedre.MustCompile(`^((你好|您好|小助手|社区小助手|小助手小助手|在吗|在不在|早上好|上午好|中午好|下午好|晚上好|早安|嗨|哈喽|hi|hello)[啊呀哈吖]?[\s，,。.!！~～]+|(社区)?小助手[啊呀吖])+`)

// stripGreeting takes a leading greeting off a message that says more.
func stripGreeting(text string) string {
	if rest := greeting.ReplaceAllString(text, ""); rest != "" {
		text = rest
	}
	// 「小助手我现在几分了」: the bot's name run into the question is no
	// part of it (nor a neighbour's name).
	for _, name := range []string{"社区小助手", "小助手"} {
		if rest, ok := strings.CutPrefix(text, name); ok && rest != "" {
			return rest
		}
	}
	return text
}

// clauseSplit splits a message into its clauses.
var clauseSplit = gatedre.MustCompile(`[\s，,。！!？?；;、]+`)

// notSeveral are the readings never answered clause by clause: a request
// for help or a cry for it takes the whole message, so does becoming a
// volunteer (「我做志愿者扶老大爷上坡 …家属要我赔」 tells a story), and the
// menu is no answer to a question.
var notSeveral = map[string]bool{"request": true, "emergency": true, "help": true, "all_commands": true, "volunteer_register": true}

// several answers a message that asks two or three things at once (「讲座
// 报了多少人了 投票咋样了」「我现在几分 排第几」): when two or more of its
// clauses are each a question of its own, each is answered in turn, and a
// no to one (「现在没有进行中的投票」) leaves the others standing. It
// reports false, doing nothing, when the message is not so.
func (r *Router) several(ctx context.Context, t *Turn, res *intent.Resolver, text string, place intent.Place) (bool, error) {
	clauses := clauseSplit.Split(text, -1)
	if len(clauses) < 2 || len(clauses) > 4 {
		return false, nil
	}
	var picks []intent.Match
	seen := map[int]bool{}
	for _, c := range clauses {
		if c == "" {
			continue
		}
		d, err := r.Decide(c, place, t.Member.Role)
		if err != nil {
			return false, err
		}
		if d.Action != Act || d.Match.Score != intent.ByCue || seen[d.Match.Index] {
			// Only a clause's cue: one read above it (「我是网格员」 as
			// authority claimed) is a reading of a whole message.
			continue
		}
		if decl := res.Decl(d.Match.Index); !decl.Asks || notSeveral[decl.Name] {
			continue
		}
		seen[d.Match.Index] = true
		picks = append(picks, d.Match)
	}
	if len(picks) < 2 {
		return false, nil
	}
	return true, r.actEach(ctx, t, res, picks)
}

// checkedInFirst is a check-in with a question after it: 「打卡 还有问下
// 吃完的药那个铝板板 是什么垃圾」「打卡 问一下外卖的盒子 上面有油的 扔那个」.
var checkedInFirst = gatedre.MustCompile(`^(打卡|签到)(( |,|。|!)*(打卡|签到))*( |,|。|!)+(还有|顺便|另外|再)?(问一下|问下|问个事|问个|请问|想问一下|想问|问问)?( |,|:)*(.{3,})$`)

// checkinThenAsk checks in a message that starts with the check-in and
// then asks something else, and answers the question as if sent alone:
// neither is lost. The question is answered in a group that did not call
// the bot only when its reading may be. It reports false, doing nothing,
// when the message is not so.
func (r *Router) checkinThenAsk(ctx context.Context, t *Turn, res *intent.Resolver, text string, place intent.Place, addressed bool) (bool, error) {
	m := checkedInFirst.FindStringSubmatch(intent.Fold(text))
	if m == nil {
		return false, nil
	}
	rest := m[len(m)-1]
	if !intent.Asking(rest) {
		return false, nil
	}
	checkin, err := r.Decide("打卡", place, t.Member.Role)
	if err != nil || checkin.Action != Act {
		return false, err
	}
	asked, err := r.Decide(rest, place, t.Member.Role)
	if err != nil {
		return false, err
	}
	if asked.Action != Act && addressed {
		// 「打卡 我这个月打了多少次来着 …」 with the question read by
		// nothing: the check-in is not lost for it.
		return true, r.actEach(ctx, t, res, []intent.Match{checkin.Match})
	}
	if asked.Action != Act || asked.Match.Index == checkin.Match.Index {
		return false, nil
	}
	if decl := res.Decl(asked.Match.Index); notSeveral[decl.Name] || !addressed && !decl.Unprompted {
		return false, nil
	}
	return true, r.actEach(ctx, t, res, []intent.Match{checkin.Match, asked.Match})
}

// actBundle acts on drafts confirmed by one yes, each as if confirmed by
// a message of its own: what each sets up is told apart from the others
// by its source, the yes's id and the draft's place among them.
func (r *Router) actBundle(ctx context.Context, t *Turn, res *intent.Resolver, ms []intent.Match) error {
	id := t.Msg.ID
	defer func() { t.Msg.ID = id }()
	for k, m := range ms {
		if k > 0 {
			t.Msg.ID = fmt.Sprintf("%s/%d", id, k)
		}
		if err := r.actEach(ctx, t, res, []intent.Match{m}); err != nil {
			return err
		}
	}
	return nil
}

// actEach acts on each match in turn, as if each were a message of its
// own: a no to one leaves the others standing.
func (r *Router) actEach(ctx context.Context, t *Turn, res *intent.Resolver, picks []intent.Match) error {
	for _, m := range picks {
		mark := len(t.Effects.out)
		err := r.Store.Savepoint(ctx, func(ctx context.Context) error { return r.act(ctx, t, res, m) })
		var userErr *UserError
		switch {
		case errors.As(err, &userErr):
			t.Effects.out = t.Effects.out[:mark]
			t.Reply(userErr.Msg)
		case errors.Is(err, ErrPass):
			t.Effects.out = t.Effects.out[:mark]
		case err != nil:
			return err
		}
	}
	return nil
}

// notChinese reports whether a message is words in letters with no
// Chinese at all (「Hi, how do I check in?」), not pinyin of a command,
// which the intents read.
func notChinese(text string) bool {
	letters := 0
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			return false
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			letters++
		}
	}
	return letters >= 8
}

// act runs the intent of a match: the router's own, or its command's.
func (r *Router) act(ctx context.Context, t *Turn, res *intent.Resolver, m intent.Match) error {
	t.Keyword, t.Args = m.Keyword, m.Args
	if m.Index >= len(r.commands) {
		switch m.Index - len(r.commands) {
		case builtinHelp:
			head := replyMenuHead
			if folded := intent.Fold(StripMention(Normalize(t.Msg.Text), r.BotName)); whoAmI.MatchString(folded) || rulesAsk.MatchString(folded) {
				head = replyBotHead
			}
			r.offer(t, res, head, r.menuFor(res, t.Member.Role, placeOf(t)), false)
		case builtinAll:
			t.Reply(r.help(t))
		case builtinThanks:
			switch greeting := festive.FindString(t.Msg.Text); {
			case placeOf(t) == intent.Group:
			case greeting != "":
				t.Reply("也祝您" + greeting + "！身体健康，有事随时找我😊")
			default:
				t.Reply(replyThanks)
			}
		case builtinContact:
			if t.Member.Role >= Coordinator {
				t.Reply(replyPrivateCoord)
			} else {
				t.Reply(replyPrivate)
			}
		case builtinOwnNumber:
			if t.InGroup() {
				t.Reply(replyOwnNumberGroup)
			} else {
				t.Reply(replyOwnNumber)
			}
		case builtinOthers:
			if t.Member.Role >= Coordinator {
				t.Reply(replyOthersCoord)
			} else {
				t.Reply(replyOthers)
			}
		case builtinScam:
			if kinAsksMoney.MatchString(intent.Fold(t.Msg.Text)) {
				t.Reply(replyKinScam)
			} else {
				t.Reply(replyScam)
			}
		case builtinSpeakFor:
			if broadcastAsked.MatchString(intent.Fold(t.Msg.Text)) {
				t.Reply(replyBroadcast)
			} else {
				t.Reply(replySpeakFor)
			}
		case builtinIDNumber:
			t.Reply(replyIDNumber)
		case builtinNotice:
			t.Reply(replyNotice)
		case builtinLeaked:
			t.Reply(replyLeaked)
		case builtinOutside:
			folded := intent.Fold(StripMention(Normalize(t.Msg.Text), r.BotName))
			switch {
			case weatherAsk.MatchString(folded):
				t.Reply(replyWeather)
			case pastimeAsk.MatchString(folded):
				t.Reply(replyPastime)
			case kickAsk.MatchString(folded):
				t.Reply(replyKick)
			default:
				t.Reply(replyMoney)
			}
		}
		return nil
	}
	c := r.commands[m.Index]
	if c.Role == Coordinator {
		if err := r.Store.Audit(ctx, AuditEntry{Time: t.Now, MemberID: t.Member.ID, Community: t.Chat.Community,
			Action: "command", Detail: StripMention(Normalize(t.Msg.Text), r.BotName)}); err != nil {
			return err
		}
	}
	err := c.Handle(ctx, t)
	if err == nil && givesIDNumber(intent.Fold(t.Msg.Text)) {
		// 「志愿者登记 会修水管 身份证1201… 住3栋」: the registration is
		// done, and the number it did not need is pointed out.
		t.ReplyPrivately(replyIDNumberAside)
	}
	return err
}

// cut shortens text to at most n bytes on a character boundary.
func cut(text string, n int) string {
	if len(text) <= n {
		return text
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}

// help lists the commands the asker may use where they asked.
func (r *Router) help(t *Turn) string {
	var resident, coord []string
	for _, c := range r.commands {
		if c.Help == "" || c.Role > t.Member.Role {
			continue
		}
		if (c.Scope == GroupOnly && !t.InGroup()) || (c.Scope == PrivateOnly && t.InGroup() && c.Role == Resident) {
			continue
		}
		if c.Role == Coordinator {
			coord = append(coord, c.Help)
		} else {
			resident = append(resident, c.Help)
		}
	}
	var b strings.Builder
	b.WriteString("我能帮您：")
	for _, h := range resident {
		b.WriteString("\n· " + h)
	}
	if len(coord) > 0 {
		b.WriteString("\n管理员命令：")
		for _, h := range coord {
			b.WriteString("\n· " + h)
		}
	}
	if t.InGroup() {
		b.WriteString("\n有问题也可以 @我 提问。")
	}
	return b.String()
}
