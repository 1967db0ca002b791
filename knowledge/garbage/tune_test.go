package garbage

import (
	"math"
	"os"
	"testing"
)

// TestTuneSweep is a development aid, run by hand with LINLI_GARBAGE_TUNE=1:
// it averages the leave-out accuracy over seeds 1–20 (never the reported
// seed 8, nor 101–120 of TestLeaveOutManySeeds) for variations of the
// default tuning.
func TestTuneSweep(t *testing.T) {
	if os.Getenv("LINLI_GARBAGE_TUNE") == "" {
		t.Skip("set LINLI_GARBAGE_TUNE=1 to sweep the tuning")
	}
	base := defaultTuning()
	variants := map[string]func(*tuning){
		"default":   func(*tuning) {},
		"k5":        func(x *tuning) { x.k = 5 },
		"k11":       func(x *tuning) { x.k = 11 },
		"power2":    func(x *tuning) { x.power = 2 },
		"weak.3":    func(x *tuning) { x.weakVote = 0.3 },
		"weak.5":    func(x *tuning) { x.weakVote = 0.5 },
		"floor0":    func(x *tuning) { x.floor = 0 },
		"ending0":   func(x *tuning) { x.minEnding = 0 },
		"suffix1=1": func(x *tuning) { x.suffix1 = 1 },
	}
	for name, f := range variants {
		tu := base
		f(&tu)
		sum, n := 0.0, 0
		for seed := uint64(1); seed <= 20; seed++ {
			if seed == leaveOutSeed {
				continue
			}
			a, _ := leaveOutTuned(t, 500, seed, nil, tu)
			sum += a.Accuracy()
			n++
		}
		t.Logf("%-12s %.4f", name, sum/float64(n))
	}
}

// TestLeaveOutManySeeds is the leave-out check over 20 seeds none of which
// was used for tuning, run by hand with LINLI_GARBAGE_SEEDS=1: one draw of
// 500 items varies by several points.
func TestLeaveOutManySeeds(t *testing.T) {
	if os.Getenv("LINLI_GARBAGE_SEEDS") == "" {
		t.Skip("set LINLI_GARBAGE_SEEDS=1 to run the leave-out check over 20 seeds")
	}
	for _, tc := range []struct {
		name  string
		extra []Item
	}{{"built-in + imported", Builtin()}, {"imported only", nil}} {
		lo, hi, sum := 1.0, 0.0, 0.0
		for seed := uint64(101); seed <= 120; seed++ {
			a, _ := leaveOut(t, 500, seed, tc.extra)
			x := a.Accuracy()
			sum += x
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
		t.Logf("leave-out (%s), seeds 101–120: mean %.3f, min %.3f, max %.3f", tc.name, sum/20, lo, hi)
	}
}
