package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"linli/bot/sim"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the transcripts")

// repoRoot is the repository root, two levels up from cmd/linli.
const repoRoot = "../.."

// transcripts finds every golden transcript in the repository: each
// testdata/*.sim with a .golden beside it (or to be written with -update),
// and the demo in examples/.
func transcripts(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		dir := filepath.Base(filepath.Dir(path))
		if !d.IsDir() && strings.HasSuffix(path, ".sim") && (dir == "testdata" || dir == "examples") {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// playTranscript runs a script on a fresh store and returns what the bot
// sent.
func playTranscript(t *testing.T, script, dbPath string) string {
	t.Helper()
	var out bytes.Buffer
	cfg := DefaultConfig()
	log := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	p, err := NewSimProgram(context.Background(), cfg, dbPath, &out, false, log)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	f, err := os.Open(script)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p.Runner.Source = filepath.Base(script)
	if err := p.Runner.Run(context.Background(), sim.NewParser(f, p.App.Directory.DefaultLocation)); err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	return out.String()
}

// TestGolden plays every transcript in the repository and compares what the
// bot said with the .golden file beside it.
func TestGolden(t *testing.T) {
	for _, script := range transcripts(t) {
		rel, _ := filepath.Rel(repoRoot, script)
		t.Run(rel, func(t *testing.T) {
			got := playTranscript(t, script, filepath.Join(t.TempDir(), "golden.db"))
			goldenPath := strings.TrimSuffix(script, ".sim") + ".golden"
			if *update {
				if err := os.WriteFile(goldenPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatalf("no golden output (run go test ./cmd/linli -run Golden -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("transcript %s differs from %s:\n%s", rel, filepath.Base(goldenPath), lineDiff(string(want), got))
			}
		})
	}
}

// TestGoldenRerunChangesNothing plays each transcript twice on the same
// store: the second run redelivers every message id, so the bot must say
// nothing new.
func TestGoldenRerunChangesNothing(t *testing.T) {
	for _, script := range transcripts(t) {
		rel, _ := filepath.Rel(repoRoot, script)
		t.Run(rel, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "rerun.db")
			playTranscript(t, script, db)
			if again := playTranscript(t, script, db); again != "" {
				t.Errorf("replaying %s on the same store sent messages again:\n%s", rel, again)
			}
		})
	}
}

// lineDiff shows the first lines where want and got differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  - %s\n  + %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}
