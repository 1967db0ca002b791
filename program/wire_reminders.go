package program

import (
	"context"

	"linli/storage/sqlite"
	"linli/workflows/reminders"
)

func (a *Program) wireReminders(ctx context.Context) error {
	rem, err := reminders.New(reminders.Config{}, reminders.Deps{Store: sqlite.NewReminderStore(a.Store), Scheduler: a.Scheduler, Directory: a.Directory})
	if err != nil {
		return err
	}
	rem.Register(a.Router)
	return nil
}
