package garbage

import (
	"os"
	"testing"
)

// TestTuneSweep is a development aid, run by hand with LINLI_GARBAGE_TUNE=1:
// it averages the leave-out accuracy over seeds 1–4 (never the reported
// seed 8) for variations of the default tuning.
func TestTuneSweep(t *testing.T) {
	if os.Getenv("LINLI_GARBAGE_TUNE") == "" {
		t.Skip("set LINLI_GARBAGE_TUNE=1 to sweep the tuning")
	}
	base := defaultTuning()
	hy := func(x *tuning) {}
	variants := map[string]func(*tuning){
		"default": hy,
		"k5":      func(x *tuning) { x.k = 5 },
		"weak.3":  func(x *tuning) { x.weakVote = 0.3 },
		"weak.5":  func(x *tuning) { x.weakVote = 0.5 },
	}
	for name, f := range variants {
		tu := base
		f(&tu)
		sum := 0.0
		for seed := uint64(1); seed <= 4; seed++ {
			a, _ := leaveOutTuned(t, 500, seed, nil, tu)
			sum += a.Accuracy()
		}
		t.Logf("%-12s %.4f", name, sum/4)
	}
}
