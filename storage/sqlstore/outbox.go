package sqlstore

import (
	"context"
	"fmt"
	"time"

	"linli/bot"
)

// Enqueue stores outgoing messages in order.
func (d *DB) Enqueue(ctx context.Context, at time.Time, msgs ...bot.Outgoing) error {
	for _, m := range msgs {
		_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO outbox(to_kind, to_group, to_member, to_name, text, source, created_at, next_try)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, int(m.To.Kind), m.To.Group, m.To.MemberID, m.To.MemberName, m.Text, m.Source, ms(at), ms(at))
		if err != nil {
			return fmt.Errorf("enqueue message: %w", err)
		}
	}
	return nil
}

// Pending returns undelivered messages due by now, oldest first.
func (d *DB) Pending(ctx context.Context, now time.Time, limit int) ([]bot.OutboxItem, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT id, to_kind, to_group, to_member, to_name, text, source, created_at, attempts, next_try
		FROM outbox WHERE sent_at IS NULL AND next_try <= ? ORDER BY id LIMIT ?`, ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []bot.OutboxItem
	for rows.Next() {
		var (
			it            bot.OutboxItem
			kind          int
			created, next int64
		)
		if err := rows.Scan(&it.ID, &kind, &it.Outgoing.To.Group, &it.Outgoing.To.MemberID, &it.Outgoing.To.MemberName,
			&it.Outgoing.Text, &it.Outgoing.Source, &created, &it.Attempts, &next); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		it.Outgoing.To.Kind = bot.AddressKind(kind)
		it.Created, it.NextTry = fromMS(created), fromMS(next)
		out = append(out, it)
	}
	return out, rows.Err()
}

// MarkSent records a delivery. Marking a message twice is an error, so a
// double send shows up instead of passing silently.
func (d *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	res, err := d.q(ctx).ExecContext(ctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ? AND sent_at IS NULL`, ms(at), id)
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
