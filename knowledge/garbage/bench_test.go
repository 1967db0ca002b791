package garbage

import (
	"fmt"
	"linli/internal/shareddata"
	"os"
	"runtime"
	"sort"
	"testing"
	"time"
)

// benchQueries mixes the resident phrasings (mostly exact items) with the
// names of the public list (mostly unknown to the built-in list, so they
// take the slow path: containment, neighbours, spelling model).
func benchQueries(b *testing.B) []string {
	f, err := os.Open("testdata/phrasings.tsv")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := ParseEvalTSV(f)
	if err != nil {
		b.Fatal(err)
	}
	var qs []string
	for _, r := range rows {
		qs = append(qs, r.Query)
	}
	if _, labels := publicItemsIfPresent(b); labels != nil {
		n := 0
		for k := range labels {
			qs = append(qs, k+"是什么垃圾")
			if n++; n == 1000 {
				break
			}
		}
	}
	sort.Strings(qs)
	return qs
}

func publicItemsIfPresent(b *testing.B) ([]Item, map[string][]Category) {
	if _, err := shareddata.Find("garbage_items.tsv"); err != nil {
		return nil, nil
	}
	return publicItems(b)
}

// items15k returns 15,000 distinct items: the public list where present,
// then material-prefixed variants of it ("塑料…", "金属…") up to the count.
func items15k(b *testing.B) []Item {
	base := Builtin()
	if rows, _ := publicItemsIfPresent(b); rows != nil {
		resolved, _ := Resolve(rows)
		base = append(base, resolved...)
	}
	seen := map[string]bool{}
	var out []Item
	add := func(it Item) {
		k := Normalize(it.Name)
		if k != "" && !seen[k] && len(out) < 15000 {
			seen[k] = true
			out = append(out, it)
		}
	}
	for _, it := range base {
		add(it)
	}
	for _, pre := range []string{"塑料", "金属", "玻璃", "纸质", "布艺", "木质", "陶瓷", "橡胶"} {
		for _, it := range base {
			add(Item{Name: pre + it.Name, Category: it.Category, City: it.City})
		}
	}
	if len(out) < 15000 {
		for i := 0; len(out) < 15000; i++ {
			add(Item{Name: fmt.Sprintf("%s%d号", base[i%len(base)].Name, i), Category: base[i%len(base)].Category})
		}
	}
	return out
}

func benchClassify(b *testing.B, c *Classifier) {
	qs := benchQueries(b)
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		c.ClassifyIn(qs[i%len(qs)], "上海")
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkClassifyBuiltin is a question answered from the built-in list.
func BenchmarkClassifyBuiltin(b *testing.B) { benchClassify(b, New(Builtin())) }

// BenchmarkClassify15k is a question answered with 15,000 items loaded.
func BenchmarkClassify15k(b *testing.B) { benchClassify(b, New(items15k(b))) }

// BenchmarkBuild15k is the in-memory part of start-up: indexing 15,000
// items. heap-MB is the live heap the classifier holds afterwards.
func BenchmarkBuild15k(b *testing.B) {
	items := items15k(b)
	b.ReportAllocs()
	b.ResetTimer()
	var c *Classifier
	for i := 0; i < b.N; i++ {
		c = New(items)
	}
	b.StopTimer()
	c = nil
	b.ReportMetric(heapMB(func() { c = New(items) }), "heap-MB")
	runtime.KeepAlive(c)
}

// heapMB measures the live heap that build leaves behind.
func heapMB(build func()) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
}
