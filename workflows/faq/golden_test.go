package faq_test

import (
	"context"
	"testing"
	"time"

	"linli/internal/shareddata"
	"linli/knowledge/importer"
	"linli/program/programtest"
	"linli/storage/sqlite"
)

// TestGolden plays this package's transcripts through the whole program.
func TestGolden(t *testing.T) { programtest.Golden(t, "testdata") }

// TestGoldenWithCode plays the transcripts of testdata/code on a store
// with the full Civil Code imported, as `linli kb import` leaves it; it
// skips where the public copy of the Code is absent.
func TestGoldenWithCode(t *testing.T) {
	code := shareddata.Path(t, "civil_code.jsonl")
	programtest.GoldenAfter(t, "testdata/code", func(t testing.TB, dbPath string) {
		ctx := context.Background()
		f, err := importer.Read(code)
		if err != nil {
			t.Fatal(err)
		}
		db, err := sqlite.Open(ctx, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		stores := importer.Stores{Chunks: sqlite.NewKnowledgeStore(db), Garbage: sqlite.NewGarbageStore(db)}
		if _, err := importer.Store(ctx, stores, f, time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	})
}
