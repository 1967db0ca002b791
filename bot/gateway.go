package bot

import "context"

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

// PictureSender is a gateway that can send pictures. The outbox sends an
// Outgoing with a Picture through it; through a gateway without it, the
// Outgoing's Text goes instead.
type PictureSender interface {
	// SendPicture delivers one picture. An error means it was not delivered
	// and the outbox will try again later.
	SendPicture(ctx context.Context, to Address, p Picture) error
}
