package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Gateway connects linli to a chat platform. It delivers inbound messages and
// sends text; it never decides what to say. Every send goes through the
// outbox, which calls Send with pacing and retries.
type Gateway interface {
	// Run receives messages and hands each to in until ctx ends or the
	// gateway fails for good.
	Run(ctx context.Context, in chan<- Message) error
	// Send delivers one text message. An error means it was not delivered
	// and the outbox will try again later.
	Send(ctx context.Context, to Address, text string) error
}

// OfficialAccount is the channel of the WeChat Official Account (公众号),
// the official road; "" is the personal-WeChat road.
const OfficialAccount = "mp"

// Gateways sends each message through the gateway of its channel, so one
// program can serve the groups and the Official Account at once (or either
// alone).
type Gateways map[string]Gateway

// Run runs every gateway until ctx ends; the first to fail for good ends
// the run for all of them, so the process restarts whole.
func (g Gateways) Run(ctx context.Context, in chan<- Message) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(g))
	for _, name := range g.channels() {
		go func() {
			err := g[name].Run(ctx, in)
			if err != nil {
				err = fmt.Errorf("gateway %q: %w", name, err)
			}
			errs <- err
			cancel()
		}()
	}
	var first error
	for range g {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (g Gateways) channels() []string {
	names := make([]string, 0, len(g))
	for name := range g {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Send hands the message to the gateway of to.Channel.
func (g Gateways) Send(ctx context.Context, to Address, text string) error {
	gw, ok := g[to.Channel]
	if !ok {
		// A road that is switched off: keep the message rather than
		// retrying it every few seconds.
		return &WaitError{Reason: fmt.Sprintf("channel %q is not enabled", to.Channel)}
	}
	return gw.Send(ctx, to, text)
}

// Holds asks the gateway of the item's channel whether it holds the item.
func (g Gateways) Holds(ctx context.Context, it OutboxItem) bool {
	h, ok := g[it.Outgoing.To.Channel].(Holder)
	return ok && h.Holds(ctx, it)
}

// PaceExempt asks the gateway of the channel whether it needs pacing.
func (g Gateways) PaceExempt(to Address) bool {
	p, ok := g[to.Channel].(PaceExempter)
	return ok && p.PaceExempt(to)
}

// Holder is a gateway that may be about to deliver an outbox item another
// way (the Official Account answers in the callback's response): the outbox
// leaves a held item alone for now, neither sending nor counting a failure.
type Holder interface {
	Holds(ctx context.Context, it OutboxItem) bool
}

// PaceExempter is a gateway whose platform does not ban fast senders (an
// official API with quotas of its own); the outbox sends to it unpaced.
type PaceExempter interface {
	PaceExempt(to Address) bool
}

// WaitError is a send the platform refuses for now for a known reason (the
// Official Account may write to a follower only within 48 hours of their
// last message): the outbox keeps the message, tries again at Until, and
// logs the reason once instead of a failure.
type WaitError struct {
	Reason string
	Until  time.Time
}

func (e *WaitError) Error() string { return "waits: " + e.Reason }

// AsWait reports whether err is a WaitError.
func AsWait(err error) (*WaitError, bool) {
	var w *WaitError
	ok := errors.As(err, &w)
	return w, ok
}

// PictureSender is a gateway that can send pictures. The outbox sends an
// Outgoing with a Picture through it; through a gateway without it, the
// Outgoing's Text goes instead.
type PictureSender interface {
	// SendPicture delivers one picture. An error means it was not delivered
	// and the outbox will try again later.
	SendPicture(ctx context.Context, to Address, p Picture) error
}

// FileSender is a gateway that can send files. The outbox sends an
// Outgoing with a File through it; through a gateway without it, the
// Outgoing's Text goes instead.
type FileSender interface {
	// SendFile delivers one file. An error means it was not delivered and
	// the outbox will try again later.
	SendFile(ctx context.Context, to Address, f File) error
}
