package console

import "testing"

func TestCurrentStreak(t *testing.T) {
	for _, c := range []struct {
		mask uint64
		want int
	}{
		{0b0, 0},
		{0b1, 1},        // today only
		{0b10, 1},       // yesterday only: today's may still come
		{0b111, 3},      // three days up to today
		{0b1110, 3},     // three days up to yesterday
		{0b1101, 1},     // today, a gap yesterday
		{0b100, 0},      // the day before yesterday: the run is broken
		{1<<63 - 1, 63}, // every day followed
		{0b11011111, 5}, // a gap six days ago
	} {
		if got := currentStreak(c.mask); got != c.want {
			t.Errorf("currentStreak(%b) = %d, want %d", c.mask, got, c.want)
		}
	}
}
