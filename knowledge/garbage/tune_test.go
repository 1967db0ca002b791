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
	hy := func(x *tuning) { x.extension = 1; x.power = 4; x.mode = 2; x.weakVote = 0.4 }
	variants := map[string]func(*tuning){
		"weak.4":     hy,
		"b-s3=3":     func(x *tuning) { hy(x); x.bayesW[2] = 3 },
		"b-s1=2":     func(x *tuning) { hy(x); x.bayesW[0] = 2 },
		"b-s1=4":     func(x *tuning) { hy(x); x.bayesW[0] = 4 },
		"b-s2=4":     func(x *tuning) { hy(x); x.bayesW[1] = 4 },
		"b-u=.5":     func(x *tuning) { hy(x); x.bayesW[3] = 0.5 },
		"b-b=2":      func(x *tuning) { hy(x); x.bayesW[4] = 2 },
		"b-b=.5":     func(x *tuning) { hy(x); x.bayesW[4] = 0.5 },
		"b-a=.5":     func(x *tuning) { hy(x); x.alpha = 0.5 },
		"b-a=.02":    func(x *tuning) { hy(x); x.alpha = 0.02 },
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
