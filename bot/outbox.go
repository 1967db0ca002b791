package bot

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Pacing limits how fast linli sends. Personal WeChat accounts are banned
// for sending too fast, so every message waits its turn.
type Pacing struct {
	// PerChat is the least time between two messages to the same chat.
	PerChat time.Duration `yaml:"per_chat"`
	// AccountRate is the most messages a second across all chats, and
	// AccountBurst how many may go at once after a quiet spell.
	AccountRate  float64 `yaml:"account_rate"`
	AccountBurst int     `yaml:"account_burst"`
	// Jitter is the most random extra wait added before each send.
	Jitter time.Duration `yaml:"jitter"`
	// RetryBase and RetryMax bound the exponential backoff of failed sends.
	RetryBase time.Duration `yaml:"retry_base"`
	RetryMax  time.Duration `yaml:"retry_max"`
}

// DefaultPacing is careful enough for a personal account: one message every
// 2 s per chat, 20 a minute overall.
func DefaultPacing() Pacing {
	return Pacing{PerChat: 2 * time.Second, AccountRate: 20.0 / 60, AccountBurst: 3,
		Jitter: 800 * time.Millisecond, RetryBase: 5 * time.Second, RetryMax: 10 * time.Minute}
}

// TxSender is a gateway whose delivery can join a store transaction, so
// that sending and marking sent happen together (the simulated gateway,
// whose wire is the store itself). SendInTx records the delivery inside
// the transaction; Committed shows it once the transaction has committed,
// so a crash in between never shows a message that counts as unsent.
type TxSender interface {
	SendInTx(ctx context.Context, item OutboxItem) error
	Committed(item OutboxItem) error
}

// Outbox sends stored messages through the gateway with pacing, in order
// per chat, retrying failures with backoff until they are delivered. It
// survives restarts because everything it sends is in the store first.
type Outbox struct {
	Store interface {
		OutboxStore
		Transactor
	}
	Gateway Gateway
	// Recipients gives a member's latest platform id, put in the Address
	// handed to the gateway; nil leaves the gateway to look by name.
	Recipients PlatformIDs
	Clock      Clock
	Pacing     Pacing
	// Limiter paces the account; nil uses PerChat only. Key is the
	// account's limiter key.
	Limiter RateLimiter
	Key     string
	Log     *slog.Logger
	Metrics *Metrics
	// Sleep waits; nil uses a real timer. Tests and sim replace it.
	Sleep func(ctx context.Context, d time.Duration) error

	wake     chan struct{}
	lastSent map[string]time.Time
}

// Notify wakes the sending loop; it never blocks.
func (o *Outbox) Notify() {
	o.init()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

func (o *Outbox) init() {
	if o.wake == nil {
		o.wake = make(chan struct{}, 1)
	}
	if o.lastSent == nil {
		o.lastSent = map[string]time.Time{}
	}
}

func (o *Outbox) log() *slog.Logger {
	if o.Log == nil {
		return slog.Default()
	}
	return o.Log
}

func (o *Outbox) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	if o.Sleep != nil {
		return o.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Run sends until ctx ends, waking on Notify and at least every second.
func (o *Outbox) Run(ctx context.Context) error {
	o.init()
	for {
		if _, err := o.SendDue(ctx); err != nil && ctx.Err() == nil {
			o.log().Error("outbox round failed", "err", err)
		}
		t := time.NewTimer(time.Second)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-o.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

func chatKey(a Address) string {
	if a.Kind == ToGroup {
		return "g:" + a.Group
	}
	return fmt.Sprintf("m:%d", a.MemberID)
}

// SendDue sends every message due now, in order per chat, waiting as
// pacing requires; it returns how many were delivered. A chat whose message
// fails is skipped for the rest of the round so its order holds.
func (o *Outbox) SendDue(ctx context.Context) (int, error) {
	o.init()
	sent := 0
	for {
		items, err := o.Store.Pending(ctx, o.Clock.Now(), 200)
		if err != nil {
			return sent, err
		}
		if len(items) == 0 {
			return sent, nil
		}
		progress := false
		blocked := map[string]bool{}
		for _, it := range items {
			key := chatKey(it.Outgoing.To)
			if blocked[key] {
				continue
			}
			it.Outgoing.To = o.recipient(ctx, it.Outgoing.To)
			if h, ok := o.Gateway.(Holder); ok && h.Holds(ctx, it) {
				// Being answered another way right now: keep the chat's
				// order and look again next round.
				blocked[key] = true
				continue
			}
			if !o.paceExempt(it.Outgoing.To) {
				if err := o.pace(ctx, key); err != nil {
					return sent, err
				}
			}
			if err := o.deliver(ctx, it); err != nil {
				blocked[key] = true
				if w, ok := AsWait(err); ok {
					next := w.Until
					if !next.After(o.Clock.Now()) {
						next = o.Clock.Now().Add(waitRetry)
					}
					o.log().Info("message waits", "outbox", it.ID, "to", key, "channel", it.Outgoing.To.Channel, "reason", w.Reason, "next", next)
					if err := o.Store.MarkFailed(ctx, it.ID, next, err.Error()); err != nil {
						return sent, err
					}
					continue
				}
				if o.Metrics != nil {
					o.Metrics.SendFailures.Add(1)
				}
				next := o.Clock.Now().Add(o.backoff(it.Attempts))
				o.log().Warn("send failed; will retry", "outbox", it.ID, "to", key, "attempt", it.Attempts+1, "next", next, "err", err)
				if err := o.Store.MarkFailed(ctx, it.ID, next, err.Error()); err != nil {
					return sent, err
				}
				continue
			}
			o.lastSent[key] = o.Clock.Now()
			sent++
			progress = true
			if o.Metrics != nil {
				o.Metrics.MessagesOut.Add(1)
			}
		}
		if !progress {
			return sent, nil
		}
	}
}

// waitRetry is when a message that waits with no known end is looked at
// again; the Official Account hands it over sooner, with the follower's
// next message.
const waitRetry = 24 * time.Hour

// PlatformIDs gives the latest platform id linked to a member.
type PlatformIDs interface {
	PlatformID(ctx context.Context, memberID int64) (string, error)
}

// Roads tells which road reaches a member: the channel they last wrote on
// and their id there. A store whose members may follow the Official
// Account implements it next to PlatformIDs.
type Roads interface {
	Road(ctx context.Context, memberID int64) (channel, platformID string, err error)
}

func (o *Outbox) paceExempt(to Address) bool {
	p, ok := o.Gateway.(PaceExempter)
	return ok && p.PaceExempt(to)
}

// recipient fills in the member's current road and platform id, when
// known.
func (o *Outbox) recipient(ctx context.Context, to Address) Address {
	if to.Kind != ToMember || to.MemberID == 0 || o.Recipients == nil || to.PlatformID != "" {
		return to
	}
	if roads, ok := o.Recipients.(Roads); ok {
		channel, id, err := roads.Road(ctx, to.MemberID)
		if err == nil {
			to.Channel, to.PlatformID = channel, id
			return to
		}
		o.log().Debug("member has no known road; the gateway looks by name", "member", to.MemberID, "err", err)
		return to
	}
	id, err := o.Recipients.PlatformID(ctx, to.MemberID)
	if err != nil {
		// Never linked, or the store is busy: the gateway looks by name.
		o.log().Debug("member has no known platform id; the gateway looks by name", "member", to.MemberID, "err", err)
		return to
	}
	to.PlatformID = id
	return to
}

func (o *Outbox) deliver(ctx context.Context, it OutboxItem) error {
	if tx, ok := o.Gateway.(TxSender); ok {
		err := o.Store.InTx(ctx, func(ctx context.Context) error {
			if err := tx.SendInTx(ctx, it); err != nil {
				return err
			}
			return o.Store.MarkSent(ctx, it.ID, o.Clock.Now())
		})
		if err != nil {
			return err
		}
		return tx.Committed(it)
	}
	if err := o.send(ctx, it.Outgoing); err != nil {
		return err
	}
	// Delivered: failing to record it now would send it twice, so keep
	// trying to record it.
	for attempt := 0; ; attempt++ {
		err := o.Store.MarkSent(context.WithoutCancel(ctx), it.ID, o.Clock.Now())
		if err == nil || attempt == 5 {
			return err
		}
		o.log().Error("recording a delivery failed; retrying", "outbox", it.ID, "err", err)
		_ = o.sleep(context.WithoutCancel(ctx), 100*time.Millisecond)
	}
}

// send hands one message to the gateway: a picture or a file to a
// gateway that sends them, words otherwise.
func (o *Outbox) send(ctx context.Context, m Outgoing) error {
	gw := o.Gateway
	if roads, ok := gw.(Gateways); ok {
		// The road's own gateway says whether it sends pictures.
		if sub, ok := roads[m.To.Channel]; ok {
			gw = sub
		}
	}
	if m.Picture != nil {
		if ps, ok := gw.(PictureSender); ok {
			return ps.SendPicture(ctx, m.To, *m.Picture)
		}
	}
	if m.File != nil {
		if fs, ok := gw.(FileSender); ok {
			return fs.SendFile(ctx, m.To, *m.File)
		}
	}
	return gw.Send(ctx, m.To, m.Text)
}

// pace waits until the chat and the account may send again.
func (o *Outbox) pace(ctx context.Context, key string) error {
	p := o.Pacing
	if last, ok := o.lastSent[key]; ok && p.PerChat > 0 {
		if err := o.sleep(ctx, last.Add(p.PerChat).Sub(o.Clock.Now())); err != nil {
			return err
		}
	}
	if o.Limiter != nil && p.AccountRate > 0 {
		for {
			ok, wait, err := o.Limiter.Allow(ctx, "send:"+o.Key, p.AccountRate, max(p.AccountBurst, 1))
			if err != nil {
				o.log().Warn("send rate limiter unavailable; pacing per chat only", "err", err)
				break
			}
			if ok {
				break
			}
			if err := o.sleep(ctx, wait); err != nil {
				return err
			}
		}
	}
	if p.Jitter > 0 {
		return o.sleep(ctx, rand.N(p.Jitter))
	}
	return nil
}

func (o *Outbox) backoff(attempts int) time.Duration {
	base, maxWait := o.Pacing.RetryBase, o.Pacing.RetryMax
	if base <= 0 {
		base = 5 * time.Second
	}
	if maxWait <= 0 {
		maxWait = 10 * time.Minute
	}
	d := base << min(attempts, 20)
	if d <= 0 || d > maxWait {
		d = maxWait
	}
	return d
}
