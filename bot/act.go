package bot

import (
	"context"
	"errors"
	"fmt"
)

// ErrActedBefore means an action with the same id was handled already (a
// form sent twice); nothing happened the second time.
var ErrActedBefore = errors.New("bot: action already handled")

// Act runs a chat command on behalf of a member from outside the chat (the
// coordinators' console): the same keyword matching, role and place checks,
// handler, audit entry and transaction as if the member had typed text to
// the bot privately. What the command would answer the member privately is
// returned instead of sent, for the console to show; everything else (the
// volunteer's private message, the group's notice) goes to the outbox as
// usual. id keys the action like a platform message id, so a form sent
// twice acts once. A *UserError comes back as the reply, not as an error.
func (r *Router) Act(ctx context.Context, m Member, community, text, id string) ([]string, error) {
	now := r.Clock.Now()
	if m.ID == 0 {
		// No member row says who this is: the audit log keeps the name.
		ctx = WithActor(ctx, m.Name)
	}
	chat := Chat{Kind: Private, Name: m.Name, Community: community}
	msg := Message{ID: id, Chat: chat, Sender: Sender{DisplayName: m.Name}, Text: text, Time: now}
	var replies []string
	queued := false
	err := r.Store.InTx(ctx, func(ctx context.Context) error {
		replies = nil // a run lost to a conflict answered nothing
		if id != "" {
			first, err := r.Store.MarkHandled(ctx, id, "", now)
			if err != nil {
				return err
			}
			if !first {
				return ErrActedBefore
			}
		}
		t := &Turn{Msg: msg, Member: m, Chat: chat, Now: now, Loc: r.Directory.Location(community)}
		if err := r.routeRecovering(ctx, t); err != nil {
			return err
		}
		var out []Outgoing
		for _, o := range t.out {
			if o.To.Kind == ToMember && o.To.MemberID == m.ID {
				replies = append(replies, o.Text)
				continue
			}
			out = append(out, o)
		}
		queued = len(out) > 0
		return r.Store.Enqueue(ctx, now, out...)
	})
	var userErr *UserError
	switch {
	case errors.As(err, &userErr):
		return []string{userErr.Msg}, nil
	case err != nil:
		return nil, fmt.Errorf("act %q for member %d: %w", text, m.ID, err)
	}
	if queued && r.OnEnqueue != nil {
		r.OnEnqueue()
	}
	return replies, nil
}
