package mp_test

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkCallback posts followers' messages to the callback over HTTP,
// end to end: signature check (and decryption in safe mode), the router
// and workflow in their transaction, the replies taken from the outbox and
// written back. Half the messages are check-ins (a write), half 我的积分.
// It reports callbacks a second and the passive reply's latency as the
// follower's side sees it (WeChat gives up at 5 s).
//
//	go test ./bot/mp -run '^$' -bench Callback -benchtime 3000x
func BenchmarkCallback(b *testing.B) {
	for _, mode := range []struct{ name, key string }{{"plaintext", ""}, {"safe", aesKey}} {
		b.Run(mode.name, func(b *testing.B) {
			f := newFixture(b, mode.key)
			var (
				mu  sync.Mutex
				lat = make([]time.Duration, 0, b.N)
				n   atomic.Int64
			)
			b.SetParallelism(4)
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					text := "打卡"
					if i%2 == 0 {
						text = "我的积分"
					}
					t0 := time.Now()
					r, err := f.client.Say(fmt.Sprintf("oBench%04d", i%500), text)
					d := time.Since(t0)
					if err != nil || r.Text == "" {
						b.Errorf("callback %d: %v, reply %q (status %d, body %q)\n%s", i, err, r.Text, r.Status, r.Body, f.logs())
						return
					}
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
				}
			})
			elapsed := time.Since(start)
			b.StopTimer()
			slices.Sort(lat)
			if len(lat) == 0 {
				return
			}
			b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "callbacks/s")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
		})
	}
}
