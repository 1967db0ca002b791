package volunteer_test

import (
	"testing"

	"linli/workflows/volunteer"
)

func TestTaskLifecycleRule(t *testing.T) {
	states := []volunteer.State{volunteer.Open, volunteer.Assigned, volunteer.Done, volunteer.Confirmed, volunteer.Cancelled, volunteer.Closed}
	allowed := map[[2]volunteer.State]bool{
		{volunteer.Open, volunteer.Assigned}: true, {volunteer.Assigned, volunteer.Open}: true, {volunteer.Assigned, volunteer.Done}: true, {volunteer.Done, volunteer.Confirmed}: true,
		{volunteer.Open, volunteer.Cancelled}: true, {volunteer.Assigned, volunteer.Cancelled}: true,
		{volunteer.Open, volunteer.Closed}: true, {volunteer.Assigned, volunteer.Closed}: true, {volunteer.Done, volunteer.Closed}: true,
	}
	for _, from := range states {
		for _, to := range states {
			if got := from.CanMoveTo(to); got != allowed[[2]volunteer.State{from, to}] {
				t.Errorf("%s → %s allowed = %v, want %v", from, to, got, !got)
			}
		}
	}
}
