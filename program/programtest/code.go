package programtest

import (
	"context"
	"testing"
	"time"

	"linli/internal/shareddata"
	"linli/knowledge/importer"
	"linli/program"
	"linli/storage/sqlite"
)

// CodeDir is the name of the testdata folders whose transcripts are played
// with the full Civil Code imported (see ImportCivilCode).
const CodeDir = "code"

// ImportCivilCode imports the public copy of the full Civil Code into the
// store at dbPath (a SQLite file or a postgres:// URL), as `linli kb
// import` leaves it; the test skips where the copy is absent.
func ImportCivilCode(t testing.TB, dbPath string) {
	t.Helper()
	code := shareddata.Path(t, "civil_code.jsonl")
	ctx := context.Background()
	f, err := importer.Read(code)
	if err != nil {
		t.Fatal(err)
	}
	db, err := program.OpenStore(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stores := importer.Stores{Chunks: sqlite.NewKnowledgeStore(db), Garbage: sqlite.NewGarbageStore(db)}
	if _, err := importer.Store(ctx, stores, f, time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
}
