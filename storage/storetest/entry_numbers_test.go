package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"linli/knowledge"
	"linli/storage/postgres"
	"linli/storage/sqlite"
	"linli/storage/sqlstore"
)

// TestFAQEntryNumbersAreNeverReused: a coordinator's entry is named by
// its number (删除问答 #3) in chat and in the audit log long after, so a
// number, once given, names no other entry, on a database that had
// entries before numbers stopped being reused as on a new one.
func TestFAQEntryNumbersAreNeverReused(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
		entry := func(n int) knowledge.Chunk {
			return knowledge.Chunk{Source: knowledge.CommunitySource, Kind: knowledge.KindFAQ, Key: fmt.Sprint("m", n),
				Path: "锦霞社区", Question: fmt.Sprintf("问题%d？", n), Text: fmt.Sprintf("回答%d。", n)}
		}
		db, err := open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s := sqlstore.NewKnowledgeStore(db)
		var before []knowledge.Chunk
		for n := 1; n <= 3; n++ {
			c := entry(n)
			if c.ID, err = s.PutChunk(ctx, c, at); err != nil {
				t.Fatal(err)
			}
			before = append(before, c)
		}
		if _, err := s.PutVectors(ctx, "m", before[2:], [][]float32{{1, 2}}); err != nil {
			t.Fatal(err)
		}
		asBeforeNumbersWereKept(t, db)
		db.Close()

		db, err = open(ctx) // migrates
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s = sqlstore.NewKnowledgeStore(db)
		if got, err := s.Chunks(ctx); err != nil || !slices.EqualFunc(got, before, sameEntry) {
			t.Fatalf("after the migration the entries are\n%+v, %v\nwant\n%+v", got, err, before)
		}
		if v, err := s.Vectors(ctx, "m"); err != nil || len(v) != 1 {
			t.Errorf("after the migration the vectors are %v, %v; want entry 3's", v, err)
		}

		if err := s.DeleteChunk(ctx, before[2].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutChunk(ctx, entry(2), at); err != nil { // edited: keeps its number
			t.Fatal(err)
		}
		refused := errors.New("refused")
		if err := db.InTx(ctx, func(ctx context.Context) error {
			if _, err := s.PutChunk(ctx, entry(8), at); err != nil {
				return err
			}
			return refused
		}); !errors.Is(err, refused) {
			t.Fatal(err)
		}
		id, err := s.PutChunk(ctx, entry(9), at)
		if err != nil {
			t.Fatal(err)
		}
		if want := before[2].ID + 1; id != want {
			t.Errorf("the entry added after #%d was deleted is #%d, want #%d", before[2].ID, id, want)
		}
	})
}

func sameEntry(a, b knowledge.Chunk) bool {
	return a.ID == b.ID && a.Key == b.Key && a.Question == b.Question && a.Text == b.Text && a.Path == b.Path
}

// asBeforeNumbersWereKept puts db's knowledge tables back as migration
// 020 found them, numbering rows max(id) + 1, with their rows, so opening
// db again migrates a database that has entries.
func asBeforeNumbersWereKept(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	undo := `
		CREATE TABLE kb_chunks_old (
			id INTEGER PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
			path TEXT NOT NULL DEFAULT '', question TEXT NOT NULL DEFAULT '', body TEXT NOT NULL,
			articles TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, UNIQUE (source, key));
		INSERT INTO kb_chunks_old SELECT * FROM kb_chunks;
		CREATE TABLE kb_embeddings_old (
			chunk_id INTEGER NOT NULL REFERENCES kb_chunks_old(id) ON DELETE CASCADE,
			model TEXT NOT NULL, dim INTEGER NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (chunk_id, model));
		INSERT INTO kb_embeddings_old SELECT * FROM kb_embeddings;
		DROP TABLE kb_embeddings;
		DROP TABLE kb_chunks;
		ALTER TABLE kb_chunks_old RENAME TO kb_chunks;
		ALTER TABLE kb_embeddings_old RENAME TO kb_embeddings;`
	if db.Dialect() == sqlstore.Postgres {
		undo = `
			DROP TRIGGER kb_chunks_unreused_id ON kb_chunks;
			DROP TRIGGER kb_chunks_record_id ON kb_chunks;
			DROP FUNCTION linli_unreused_id, linli_record_id;
			DROP TABLE linli_sequence;
			CREATE TRIGGER kb_chunks_dense_id BEFORE INSERT ON kb_chunks FOR EACH ROW EXECUTE FUNCTION linli_dense_id();`
	}
	undo += `DELETE FROM schema_migrations WHERE name = '020_kb_ids_never_reused.sql';`
	if _, err := db.SQL().ExecContext(context.Background(), undo); err != nil {
		t.Fatal(err)
	}
}

// TestCopyKeepsFAQEntryNumbersUsed: a store moved to PostgreSQL does not
// give out again the number of an entry deleted before the move.
func TestCopyKeepsFAQEntryNumbersUsed(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	src, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "linli.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	entry := func(key string) knowledge.Chunk {
		return knowledge.Chunk{Source: knowledge.CommunitySource, Kind: knowledge.KindFAQ, Key: key,
			Path: "锦霞社区", Question: "活动室几点开门？", Text: "八点。"}
	}
	s := sqlstore.NewKnowledgeStore(src)
	var last int64
	for _, key := range []string{"m1", "m2"} {
		if last, err = s.PutChunk(ctx, entry(key), at); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteChunk(ctx, last); err != nil {
		t.Fatal(err)
	}
	dst, err := postgres.Open(ctx, pg.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := postgres.CopyFromSQLite(ctx, src, dst); err != nil {
		t.Fatal(err)
	}
	id, err := sqlstore.NewKnowledgeStore(dst).PutChunk(ctx, entry("m3"), at)
	if err != nil {
		t.Fatal(err)
	}
	if id != last+1 {
		t.Errorf("the first entry added after the move is #%d, want #%d: #%d was deleted before it", id, last+1, last)
	}
}
