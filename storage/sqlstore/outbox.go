package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/bot"
)

// Enqueue stores outgoing messages in order.
func (d *DB) Enqueue(ctx context.Context, at time.Time, msgs ...bot.Outgoing) error {
	return d.enqueue(ctx, "", at, msgs...)
}

func (d *DB) enqueue(ctx context.Context, owner string, at time.Time, msgs ...bot.Outgoing) error {
	for _, m := range msgs {
		var picName, fileName string
		var pic, file []byte
		if m.Picture != nil {
			picName, pic = m.Picture.Name, m.Picture.PNG
		}
		if m.File != nil {
			fileName, file = m.File.Name, m.File.Data
		}
		_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO outbox(to_kind, to_group, to_member, to_name, text, source, created_at, next_try, owner, image_name, image, file_name, file, secret)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, int(m.To.Kind), m.To.Group, m.To.MemberID, m.To.MemberName, m.Text, m.Source, ms(at), ms(at), owner,
			picName, pic, fileName, file, boolInt(m.Secret))
		if err != nil {
			return fmt.Errorf("enqueue message: %w", err)
		}
	}
	return nil
}

// Pending returns undelivered messages due by now, oldest first.
func (d *DB) Pending(ctx context.Context, now time.Time, limit int) ([]bot.OutboxItem, error) {
	return d.pending(ctx, "", ms(now), limit)
}

// pending reads due messages that also meet cond; args are now, cond's
// arguments, then limit.
func (d *DB) pending(ctx context.Context, cond string, args ...any) ([]bot.OutboxItem, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT id, to_kind, to_group, to_member, to_name, text, source, created_at, attempts, next_try, image_name, image, file_name, file
		FROM outbox WHERE sent_at IS NULL AND next_try <= ?`+cond+` ORDER BY id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []bot.OutboxItem
	for rows.Next() {
		var (
			it             bot.OutboxItem
			kind           int
			created, next  int64
			picName, fName string
			pic, file      []byte
		)
		if err := rows.Scan(&it.ID, &kind, &it.Outgoing.To.Group, &it.Outgoing.To.MemberID, &it.Outgoing.To.MemberName,
			&it.Outgoing.Text, &it.Outgoing.Source, &created, &it.Attempts, &next, &picName, &pic, &fName, &file); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		if pic != nil {
			it.Outgoing.Picture = &bot.Picture{Name: picName, PNG: pic}
		}
		if file != nil {
			it.Outgoing.File = &bot.File{Name: fName, Data: file}
		}
		it.Outgoing.To.Kind = bot.AddressKind(kind)
		it.Created, it.NextTry = fromMS(created), fromMS(next)
		out = append(out, it)
	}
	return out, rows.Err()
}

// MarkSent records a delivery. Marking a message twice is an error, so a
// double send shows up instead of passing silently. A secret text (a login
// link) is replaced by bot.SentSecret: the link has done its work.
func (d *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	res, err := d.q(ctx).ExecContext(ctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1,
		text = CASE WHEN secret = 1 THEN ? ELSE text END WHERE id = ? AND sent_at IS NULL`, ms(at), bot.SentSecret, id)
	if err != nil {
		return fmt.Errorf("mark outbox %d sent: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("mark outbox %d sent: already sent or unknown", id)
	}
	return nil
}

// MarkFailed records a failed attempt and when to try again.
func (d *DB) MarkFailed(ctx context.Context, id int64, next time.Time, reason string) error {
	_, err := d.q(ctx).ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, next_try = ?, last_error = ? WHERE id = ? AND sent_at IS NULL`,
		ms(next), reason, id)
	if err != nil {
		return fmt.Errorf("mark outbox %d failed: %w", id, err)
	}
	return nil
}

// Depth counts undelivered messages.
func (d *DB) Depth(ctx context.Context) (int, error) {
	var n int
	if err := d.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("outbox depth: %w", err)
	}
	return n, nil
}

// RetryNow makes every undelivered message due at now, so messages held
// back while the gateway was down go out as soon as it is back instead of
// waiting out their backoff.
func (d *DB) RetryNow(ctx context.Context, now time.Time) error {
	if _, err := d.q(ctx).ExecContext(ctx, `UPDATE outbox SET next_try = ? WHERE sent_at IS NULL AND next_try > ?`, ms(now), ms(now)); err != nil {
		return fmt.Errorf("retry outbox now: %w", err)
	}
	return nil
}

// SharedOutbox is the outbox of one linli process among several that share
// a database, each serving its own communities through its own WeChat
// account. It delivers only what that process can reach: messages to the
// groups in its directory (every group when it serves all groups), private
// messages to members of its communities, and private messages it
// enqueued itself (the reply to a resident who wrote to this account).
// Messages another process enqueued for these chats (a reminder whose slot
// that process fired) are delivered here, and this process's messages for
// chats it cannot reach wait for the process that can. Two processes must
// not serve the same community.
type SharedOutbox struct {
	*DB
	Reach *bot.Directory
	// Owner names this process in the rows it enqueues; it must be stable
	// across restarts, so that replies queued before a crash are sent
	// after it.
	Owner string
}

// Enqueue stores outgoing messages in order, as this process's.
func (o SharedOutbox) Enqueue(ctx context.Context, at time.Time, msgs ...bot.Outgoing) error {
	return o.enqueue(ctx, o.Owner, at, msgs...)
}

// scope is the condition on outbox rows that this process delivers.
func (o SharedOutbox) scope() (string, []any) {
	conds := []string{`(to_kind = ? AND owner = ?)`}
	args := []any{int(bot.ToMember), o.Owner}
	if o.Reach.ServeAllGroups {
		conds = append(conds, `to_kind = ?`)
		args = append(args, int(bot.ToGroup))
	} else if groups := o.Reach.AllGroups(); len(groups) > 0 {
		conds = append(conds, `(to_kind = ? AND to_group IN (`+placeholders(len(groups))+`))`)
		args = append(append(args, int(bot.ToGroup)), stringArgs(groups)...)
	}
	if cs := o.Reach.Communities(); len(cs) > 0 {
		conds = append(conds, `(to_kind = ? AND to_member IN (SELECT id FROM members WHERE community IN (`+placeholders(len(cs))+`)))`)
		args = append(args, int(bot.ToMember))
		for _, c := range cs {
			args = append(args, c.Name)
		}
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// Pending returns the undelivered messages this process can reach, due by
// now, oldest first.
func (o SharedOutbox) Pending(ctx context.Context, now time.Time, limit int) ([]bot.OutboxItem, error) {
	cond, args := o.scope()
	return o.pending(ctx, ` AND `+cond, append(append([]any{ms(now)}, args...), limit)...)
}

// Depth counts the undelivered messages this process can reach.
func (o SharedOutbox) Depth(ctx context.Context) (int, error) {
	cond, args := o.scope()
	var n int
	if err := o.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL AND `+cond, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("outbox depth: %w", err)
	}
	return n, nil
}
