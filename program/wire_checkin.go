package program

import (
	"context"

	"linli/storage/sqlite"
	"linli/workflows/checkin"
	"linli/workflows/points"
)

// wireCheckin registers check-in challenges (with their daily jobs on the
// scheduler) and the points shop.
func (a *Program) wireCheckin(ctx context.Context) error {
	store := sqlite.NewCheckinStore(a.Store)
	w, err := checkin.New(a.Config.Checkin, checkin.Deps{Store: store, Directory: a.Directory, Clock: a.Clock, Scheduler: a.Scheduler,
		Pictures: a.Pictures, Log: a.Log})
	if err != nil {
		return err
	}
	w.Register(a.Router)
	a.Checkin = w
	shop, err := points.NewShop(points.Config{Salt: a.Config.ShopSalt}, points.Deps{Store: store.PointsStore, Members: a.Store})
	if err != nil {
		return err
	}
	shop.Register(a.Router)
	return nil
}
