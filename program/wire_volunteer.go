package program

import (
	"context"

	"linli/storage/sqlite"
	"linli/workflows/report"
	"linli/workflows/volunteer"
)

// wireVolunteer registers volunteer tasks (with their timers on the
// scheduler) and the ledger export.
func (a *Program) wireVolunteer(ctx context.Context) error {
	deps := volunteer.Deps{Store: sqlite.NewVolunteerStore(a.Store), Members: a.Store,
		Points: sqlite.NewPointsStore(a.Store), Directory: a.Directory, Scheduler: a.Scheduler,
		Clock: a.Clock, Log: a.Log, Pictures: a.Pictures}
	if a.LLM.Enabled() { // a nil client must not hide inside the interface
		deps.LLM = a.LLM
	}
	w, err := volunteer.New(a.Config.Volunteer, deps)
	if err != nil {
		return err
	}
	w.Register(a.Router)
	rep, err := report.New(report.Config{}, report.Deps{Store: sqlite.NewReportStore(a.Store), Link: a.ledgerLink})
	if err != nil {
		return err
	}
	rep.Register(a.Router)
	return nil
}
