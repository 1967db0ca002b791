package sqlstore

import (
	"context"
	"fmt"
	"time"

	"linli/bot"
)

// SimWire is the simulated gateway's wire: every message `linli sim`
// delivered, keyed by its outbox id, so a message can never be delivered
// twice, even across a crash. It lives in a table of its own that only a
// simulation creates; the production schema does not have it.
type SimWire struct{ db *DB }

// NewSimWire creates the wire's table if needed.
func NewSimWire(ctx context.Context, db *DB) (*SimWire, error) {
	// On PostgreSQL several simulations may start on one database at once;
	// the migration lock keeps them from creating the table twice.
	err := db.migrateTx(ctx, func(ctx context.Context) error {
		_, err := db.raw(ctx).ExecContext(ctx, db.dialect.ddl(`CREATE TABLE IF NOT EXISTS sim_wire (
		outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id),
		at        INTEGER NOT NULL,
		chat      TEXT NOT NULL,
		to_name   TEXT NOT NULL,
		text      TEXT NOT NULL)`))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create the simulated wire: %w", err)
	}
	return &SimWire{db: db}, nil
}

// RecordWire records that the simulated gateway delivered an outbox
// message; delivering the same message twice is an error.
func (w *SimWire) RecordWire(ctx context.Context, it bot.OutboxItem, at time.Time, chat, to string) error {
	_, err := w.db.q(ctx).ExecContext(ctx, `INSERT INTO sim_wire(outbox_id, at, chat, to_name, text) VALUES (?, ?, ?, ?, ?)`,
		it.ID, ms(at), chat, to, it.Outgoing.Text)
	if err != nil {
		return fmt.Errorf("record delivery of outbox %d: %w", it.ID, err)
	}
	return nil
}
