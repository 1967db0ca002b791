package sqlstore

import (
	"context"
	"fmt"
	"time"

	"linli/bot"
)

// RecordWire records that the simulated gateway delivered an outbox
// message; delivering the same message twice is an error.
func (d *DB) RecordWire(ctx context.Context, it bot.OutboxItem, at time.Time, chat, to string) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO sim_wire(outbox_id, at, chat, to_name, text) VALUES (?, ?, ?, ?, ?)`,
		it.ID, ms(at), chat, to, it.Outgoing.Text)
	if err != nil {
		return fmt.Errorf("record delivery of outbox %d: %w", it.ID, err)
	}
	return nil
}
