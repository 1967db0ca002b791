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
	w, err := checkin.New(a.Config.Checkin, store, a.Directory, a.Clock, a.Scheduler)
	if err != nil {
		return err
	}
	w.Register(a.Router)
	shop := points.NewShop(store.PointsStore)
	shop.Salt = a.Config.ShopSalt
	shop.Register(a.Router)
	return nil
}
