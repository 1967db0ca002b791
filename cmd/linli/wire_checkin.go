package main

import (
	"context"

	"linli/storage/sqlite"
	"linli/workflows/checkin"
	"linli/workflows/points"
)

// wireCheckin registers check-in challenges (with their daily jobs on the
// scheduler) and the points shop.
func (a *App) wireCheckin(ctx context.Context) error {
	store := sqlite.NewCheckinStore(a.Store)
	w, err := checkin.New(a.Config.Checkin, store, a.Directory, a.Clock, a.Scheduler)
	if err != nil {
		return err
	}
	if a.Pictures != nil {
		w.UsePictures(a.Pictures, a.Log)
	}
	w.Register(a.Router)
	shop := points.NewShop(store.PointsStore)
	shop.Salt = a.Config.ShopSalt
	shop.Register(a.Router)
	return nil
}
