package pictures

import "testing"

// The benchmarks time each picture from data to PNG bytes; B/op is the
// memory each allocates, which must stay under 50 MB, and ns/op under
// 200 ms.
func benchmark(b *testing.B, draw func(r *Renderer) ([]byte, error)) {
	r := renderer(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := draw(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPoster(b *testing.B) {
	benchmark(b, func(r *Renderer) ([]byte, error) { return r.Poster(samplePoster()) })
}

func BenchmarkRanking(b *testing.B) {
	benchmark(b, func(r *Renderer) ([]byte, error) { return r.Ranking(sampleRanking()) })
}

func BenchmarkCertificate(b *testing.B) {
	benchmark(b, func(r *Renderer) ([]byte, error) { return r.Certificate(sampleCertificate()) })
}

func BenchmarkCalendar(b *testing.B) {
	benchmark(b, func(r *Renderer) ([]byte, error) { return r.Calendar(sampleCalendar()) })
}

func BenchmarkThankYou(b *testing.B) {
	benchmark(b, func(r *Renderer) ([]byte, error) { return r.ThankYou(sampleThanks()) })
}

// BenchmarkOpen is the one-off cost of finding and parsing the font.
func BenchmarkOpen(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Open(""); err != nil {
			b.Skip(err)
		}
	}
}
