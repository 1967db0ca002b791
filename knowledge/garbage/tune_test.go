package garbage

import (
	"math"
	"testing"
)

// BenchmarkTuneSweep is a development aid: it averages the leave-out
// accuracy over seeds 1–20 (never the reported seed 8, nor 101–120 of
// BenchmarkLeaveOutManySeeds) for variations of the default tuning, and
// reports each as a metric:
//
//	go test ./knowledge/garbage -run '^$' -bench TuneSweep -benchtime 1x
func BenchmarkTuneSweep(b *testing.B) {
	base := defaultTuning()
	variants := []struct {
		name string
		set  func(*tuning)
	}{
		{"default", func(*tuning) {}},
		{"k5", func(x *tuning) { x.k = 5 }},
		{"k11", func(x *tuning) { x.k = 11 }},
		{"power2", func(x *tuning) { x.power = 2 }},
		{"weak.3", func(x *tuning) { x.weakVote = 0.3 }},
		{"weak.5", func(x *tuning) { x.weakVote = 0.5 }},
		{"floor0", func(x *tuning) { x.floor = 0 }},
		{"ending0", func(x *tuning) { x.minEnding = 0 }},
		{"suffix1=1", func(x *tuning) { x.suffix1 = 1 }},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			tu := base
			v.set(&tu)
			for b.Loop() {
				sum, n := 0.0, 0
				for seed := uint64(1); seed <= 20; seed++ {
					if seed == leaveOutSeed {
						continue
					}
					a, _ := leaveOutTuned(b, 500, seed, nil, tu)
					sum += a.Accuracy()
					n++
				}
				b.ReportMetric(sum/float64(n), "accuracy")
			}
		})
	}
}

// BenchmarkLeaveOutManySeeds is the leave-out check over 20 seeds none of
// which was used for tuning (one draw of 500 items varies by several
// points); it reports the mean, the lowest and the highest accuracy:
//
//	go test ./knowledge/garbage -run '^$' -bench LeaveOutManySeeds -benchtime 1x
func BenchmarkLeaveOutManySeeds(b *testing.B) {
	for _, tc := range []struct {
		name  string
		extra []Item
	}{{"builtin+imported", Builtin()}, {"imported-only", nil}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				lo, hi, sum := 1.0, 0.0, 0.0
				for seed := uint64(101); seed <= 120; seed++ {
					a, _ := leaveOut(b, 500, seed, tc.extra)
					x := a.Accuracy()
					sum += x
					lo, hi = math.Min(lo, x), math.Max(hi, x)
				}
				b.ReportMetric(sum/20, "mean-accuracy")
				b.ReportMetric(lo, "min-accuracy")
				b.ReportMetric(hi, "max-accuracy")
			}
		})
	}
}
