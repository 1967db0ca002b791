package program

import (
	"context"

	"linli/storage/sqlite"
	"linli/workflows/events"
)

// wireEvents adds community events and polls; attendance points go to the
// shared points ledger.
func (a *Program) wireEvents(ctx context.Context) error {
	ev, err := events.New(events.Config{}, events.Deps{
		Store:     sqlite.NewEventStore(a.Store),
		Scheduler: a.Scheduler,
		Directory: a.Directory,
		Points:    sqlite.NewPointsStore(a.Store),
	})
	if err != nil {
		return err
	}
	ev.Register(a.Router)
	return nil
}
