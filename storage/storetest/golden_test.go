package storetest_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"linli/program/programtest"
)

// repoRoot is the repository root, two levels up from storage/storetest.
const repoRoot = "../.."

// TestEveryTranscriptOnPostgres plays every transcript of the repository
// (each workflow's testdata and the examples) through the whole program
// on PostgreSQL and compares the conversation with the same .golden file
// SQLite is held to; then plays it again on the same database, where every
// message is a redelivery and the bot must say nothing.
func TestEveryTranscriptOnPostgres(t *testing.T) {
	for _, script := range transcripts(t) {
		name, _ := filepath.Rel(repoRoot, script)
		t.Run(name, func(t *testing.T) {
			url := pg.NewDatabase(t)
			if filepath.Base(filepath.Dir(script)) == programtest.CodeDir {
				programtest.ImportCivilCode(t, url)
			}
			got := programtest.Play(t, script, url, true)
			want, err := os.ReadFile(strings.TrimSuffix(script, ".sim") + ".golden")
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("on PostgreSQL %s differs from its golden output:\n%s", name, programtest.LineDiff(string(want), got))
			}
			if again := programtest.Play(t, script, url, false); again != "" {
				t.Errorf("replaying %s on the same PostgreSQL database sent messages again:\n%s", name, again)
			}
		})
	}
}

// TestEveryTranscriptInBatchesOnPostgres plays every transcript as
// `linli run` and `linli sim` hand messages over, up to 64 in one
// transaction, on SQLite and on PostgreSQL, and wants the same
// conversation from both. On PostgreSQL the senders of a batch are read
// ahead in one statement (sqlstore.DB.ReadAhead), so a sender whose name,
// role or link a message of the same batch changes must be read again:
// the transcripts rename, promote, re-link and merge members between
// messages that now share a batch.
func TestEveryTranscriptInBatchesOnPostgres(t *testing.T) {
	for _, script := range transcripts(t) {
		name, _ := filepath.Rel(repoRoot, script)
		t.Run(name, func(t *testing.T) {
			lite := filepath.Join(t.TempDir(), "linli.db")
			url := pg.NewDatabase(t)
			if filepath.Base(filepath.Dir(script)) == programtest.CodeDir {
				programtest.ImportCivilCode(t, lite)
				programtest.ImportCivilCode(t, url)
			}
			want := programtest.Play(t, script, lite, false)
			if want == "" {
				t.Fatalf("%s says nothing in batches on SQLite", name)
			}
			if got := programtest.Play(t, script, url, false); got != want {
				t.Errorf("in batches on PostgreSQL %s differs from SQLite:\n%s", name, programtest.LineDiff(want, got))
			}
		})
	}
}

// transcripts lists every transcript of the repository that has a golden
// output.
func transcripts(t *testing.T) []string {
	t.Helper()
	var scripts []string
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != repoRoot {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".sim") {
			if _, err := os.Stat(strings.TrimSuffix(path, ".sim") + ".golden"); err == nil {
				scripts = append(scripts, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) < 10 {
		t.Fatalf("found only %d transcripts under %s", len(scripts), repoRoot)
	}
	return scripts
}
