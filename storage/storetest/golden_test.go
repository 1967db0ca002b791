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
	for _, script := range scripts {
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
