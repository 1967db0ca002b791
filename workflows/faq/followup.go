package faq

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
)

// A resident asks on about the story they just told (「他家要是一直不赔
// 呢」「那我能录音吗」): the question alone names no subject, so it is
// searched with the one before it. The last legal question of each
// member is kept for a short while, in this process only: a follow-up
// that reaches another process is read on its own, as before.

// followUpFor is how long a question is kept for what follows it.
const followUpFor = 30 * time.Minute

// followUpLen is the longest follow-up, in runes; a longer message tells
// its own story.
const followUpLen = 32

// followsUp is how a follow-up opens or ends: 「那…」「要是…呢」.
var followsUp = gatedre.MustCompile(`^(那|那要是|那如果|要是|如果|假如|万一|那我|那他|那她|他家要是|她家要是)|呢[?？]?$|(也|还)(能|算|要|可以|有)[^ ，,。]{0,4}(吗|么|不|呢|份)?[?？]?$|算(吗|不算)[?？]?$|这也算`)

// lastAsked keeps each member's last legal question.
type lastAsked struct {
	mu sync.Mutex
	m  map[string]asked
}

type asked struct {
	q  string
	at time.Time
}

func memberKey(t *bot.Turn) string {
	return t.Chat.Community + ":" + strconv.FormatInt(t.Member.ID, 10)
}

// withContext is q read with the member's question before it when q
// follows it up.
func (l *lastAsked) withContext(t *bot.Turn, q string) string {
	if utf8.RuneCountInString(q) > followUpLen || !followsUp.MatchString(q) {
		return q
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	prev, ok := l.m[memberKey(t)]
	if !ok || t.Now.Sub(prev.at) > followUpFor {
		return q
	}
	return prev.q + "，" + q
}

// recent reports whether the member asked a legal question within
// followUpFor before now.
func (l *lastAsked) recent(t *bot.Turn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	prev, ok := l.m[memberKey(t)]
	return ok && t.Now.Sub(prev.at) <= followUpFor
}

// followUp answers, as the law's, a short question told privately just
// after a legal one that asks on about it (「那他要是停我水电逼我走呢」
// 「我妹嫁出去了也能分？」), before it is read as anything else: alone it
// names no subject the intents know.
func (w *Workflow) followUp(ctx context.Context, t *bot.Turn) error {
	q := strings.TrimSpace(t.Args)
	if t.InGroup() || t.Msg.Kind != bot.Text || utf8.RuneCountInString(q) > followUpLen || !followsUp.MatchString(q) ||
		!questionShape.MatchString(q) || notFollowUp.MatchString(q) || !w.asked.recent(t) {
		return bot.ErrPass
	}
	t.Keyword, t.Args = "问", q
	return w.question(ctx, t)
}

// notFollowUp asks something of the bot itself: 「那你帮我跟许主任说说」.
var notFollowUp = gatedre.MustCompile(`帮我|替我|转告|转志愿者|反映|跟\p{Han}{1,4}说`)

// remember keeps q as the member's last legal question, dropping those
// too old to be followed up.
func (l *lastAsked) remember(t *bot.Turn, q string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[string]asked{}
	}
	for k, a := range l.m {
		if t.Now.Sub(a.at) > followUpFor {
			delete(l.m, k)
		}
	}
	l.m[memberKey(t)] = asked{q: q, at: t.Now}
}
