package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
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

// transcriptDirs hold the transcripts played through the fully wired
// program. (Workflows whose transcripts need only their own workflow play
// them in their own package tests.)
var transcriptDirs = []string{"bot/testdata", "workflows/admin/testdata", "workflows/reminders/testdata", "workflows/checkin/testdata", "workflows/volunteer/testdata", "cmd/linli/testdata", "examples", "workflows/events/testdata", "workflows/faq/testdata"}

// transcripts lists every transcript in transcriptDirs.
func transcripts(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, dir := range transcriptDirs {
		found, err := filepath.Glob(filepath.Join(repoRoot, dir, "*.sim"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, found...)
	}
	if len(out) == 0 {
		t.Fatal("no transcripts found")
	}
	return out
}

// playTranscript runs a script on the store at dbPath and returns what the
// bot sent, stamped with the time, after each script line when echo is set.
func playTranscript(t *testing.T, script, dbPath string, echo bool) string {
	t.Helper()
	var out bytes.Buffer
	cfg := DefaultConfig()
	log := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	p, err := NewSimProgram(context.Background(), cfg, dbPath, &out, false, log)
	if err != nil {
		t.Fatal(err)
	}
	p.Gateway.Stamp = true
	if echo {
		p.Runner.Echo = &out
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
			got := playTranscript(t, script, filepath.Join(t.TempDir(), "golden.db"), true)
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
			playTranscript(t, script, db, false)
			if again := playTranscript(t, script, db, false); again != "" {
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
