package storetest_test

import (
	"context"
	"fmt"
	"linli/internal/shareddata"
	"linli/storage/sqlite"
	"linli/storage/sqlstore"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"linli/knowledge/garbage"
)

func openGarbage(t *testing.T, open opener) (*sqlstore.DB, *sqlstore.GarbageStore) {
	t.Helper()
	db, err := open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, sqlstore.NewGarbageStore(db)
}

func TestGarbageReimportReplacesWithoutDuplicates(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		_, s := openGarbage(t, open)
		first := "item\tcategory\n茶包\t湿垃圾\n旧毛巾\t可回收物\n花生壳\t湿垃圾\t上海\n"
		for i := 0; i < 2; i++ {
			if _, err := garbage.Import(ctx, s, strings.NewReader(first), "a.tsv"); err != nil {
				t.Fatal(err)
			}
		}
		items, err := s.GarbageItems(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 3 {
			t.Fatalf("after importing the same file twice: %d items %+v, want 3", len(items), items)
		}

		// A new version of the file drops an item and changes another.
		res, err := garbage.Import(ctx, s, strings.NewReader("茶包\t干垃圾\n花生壳\t湿垃圾\t上海\n"), "a.tsv")
		if err != nil {
			t.Fatal(err)
		}
		if res.Stored != 2 {
			t.Errorf("stored %d, want 2", res.Stored)
		}
		// Another source adds its own items and takes over a shared one.
		if _, err := garbage.Import(ctx, s, strings.NewReader("电池\t有害垃圾\n花生壳\t干垃圾\t上海\n"), "b.tsv"); err != nil {
			t.Fatal(err)
		}
		items, err = s.GarbageItems(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, it := range items {
			got[it.Name+"/"+it.City] = string(it.Category) + " from " + it.Source
		}
		want := map[string]string{
			"茶包/":    "其他垃圾 from a.tsv",
			"花生壳/上海": "其他垃圾 from b.tsv",
			"电池/":    "有害垃圾 from b.tsv",
		}
		if len(got) != len(want) {
			t.Errorf("items = %v, want %v", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %q, want %q", k, got[k], v)
			}
		}

		c, err := garbage.Load(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if a := c.ClassifyIn("花生壳是什么垃圾", "上海"); a.Category != garbage.Residual {
			t.Errorf("Shanghai 花生壳 after import: %s, want %s", a.Category, garbage.Residual)
		}
		if a := c.Classify("花生壳是什么垃圾"); a.Category != garbage.Kitchen {
			t.Errorf("national 花生壳 (built in): %s, want %s", a.Category, garbage.Kitchen)
		}
	})
}

func TestGarbageReplaceJoinsTheCallersTransaction(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db, s := openGarbage(t, open)
		err := db.InTx(ctx, func(ctx context.Context) error {
			if _, err := s.ReplaceGarbageItems(ctx, "x.tsv", []garbage.Item{{Name: "茶包", Category: garbage.Kitchen}}); err != nil {
				return err
			}
			return context.Canceled
		})
		if err != context.Canceled {
			t.Fatalf("InTx = %v", err)
		}
		items, err := s.GarbageItems(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 0 {
			t.Errorf("a rolled-back import left %d items", len(items))
		}
	})
}

// BenchmarkGarbageLoad15k is the start-up cost of the garbage classifier:
// reading 15,000 stored items from SQLite and indexing them with the
// built-in list. heap-MB is the live heap afterwards.
func BenchmarkGarbageLoad15k(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "t.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := sqlstore.NewGarbageStore(db)
	cats := garbage.Categories()
	items := make([]garbage.Item, 15000)
	for i := range items {
		// Names in the shape of real ones: a material, a thing, a number.
		items[i] = garbage.Item{Name: fmt.Sprintf("%s%s%d", []string{"塑料", "玻璃", "纸质", "金属", "布"}[i%5], []string{"盒", "瓶", "袋", "杯", "罐", "片", "桶"}[i/5%7], i), Category: cats[i%4], City: "上海"}
	}
	if _, err := s.ReplaceGarbageItems(ctx, "bench.tsv", items); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var c *garbage.Classifier
	for i := 0; i < b.N; i++ {
		if c, err = garbage.Load(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if c.Len() < 15000 {
		b.Fatalf("loaded %d items", c.Len())
	}
	c = nil
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c, _ = garbage.Load(ctx, s)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "heap-MB")
	runtime.KeepAlive(c)
}

// TestGarbageImportPublicList imports the public item list twice, as
// `linli kb import` does, and checks that the second import changes
// nothing and that the resident phrasings still come out right.
func TestGarbageImportPublicList(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		path := shareddata.Path(t, "garbage_items.tsv")
		ctx := context.Background()
		_, s := openGarbage(t, open)
		var res garbage.ImportResult
		for i := 0; i < 2; i++ {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			res, err = garbage.Import(ctx, s, f, filepath.Base(path))
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
		items, err := s.GarbageItems(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("imported %s twice: %d rows read, %d items stored, %d with conflicting labels, %d lines skipped", filepath.Base(path), res.Read, len(items), res.Conflicts, len(res.Skipped))
		if len(items) != res.Stored || res.Stored < 5000 || len(res.Skipped) > 0 {
			t.Errorf("stored %d (result says %d), skipped %v", len(items), res.Stored, res.Skipped)
		}
		c, err := garbage.Load(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open("../../knowledge/garbage/testdata/phrasings.tsv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := garbage.ParseEvalTSV(f)
		if err != nil {
			t.Fatal(err)
		}
		rep := garbage.Evaluate(c, rows)
		var b strings.Builder
		rep.Print(&b, 20)
		t.Logf("resident phrasings with the public list imported:\n%s", b.String())
		if rep.Accuracy() < 0.9 {
			t.Errorf("accuracy %.3f with the public list imported, want at least 0.9", rep.Accuracy())
		}
	})
}
