// Package programtest plays transcripts through the whole wired program
// for tests: each package with a testdata folder of *.sim transcripts calls
// Golden from a test of its own, so a workflow's `go test` plays its own
// conversations through the real router, scheduler and store.
package programtest

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

	"linli/program"
)

// update is the -update flag of every test binary that plays transcripts.
var update = flag.Bool("update", false, "rewrite the .golden files of the transcripts")

// Play runs script on the store at dbPath and returns what the bot sent,
// stamped with the simulated time; with echo, each script line comes first
// as "> line", so the output reads as the conversation.
func Play(t testing.TB, script, dbPath string, echo bool) string {
	t.Helper()
	var out bytes.Buffer
	log := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	p, err := program.NewSim(context.Background(), program.DefaultConfig(), dbPath, &out, false, log)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	p.Gateway.Stamp = true
	if echo {
		p.Runner.Echo = &out
	}
	f, err := os.Open(script)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := p.Play(context.Background(), f, filepath.Base(script)); err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	return out.String()
}

// Golden plays every dir/*.sim and compares the conversation with the
// .golden file beside it (-update rewrites them: read the diff before
// committing). Each transcript is then played a second time on the same
// store: every message id is redelivered, so the bot must say nothing new.
func Golden(t *testing.T, dir string) { GoldenAfter(t, dir, nil) }

// GoldenAfter is Golden with setup run on each transcript's fresh store
// before it plays: for material a conversation needs that no chat line
// can bring, such as the imported Civil Code.
func GoldenAfter(t *testing.T, dir string, setup func(t testing.TB, dbPath string)) {
	t.Helper()
	scripts, err := filepath.Glob(filepath.Join(dir, "*.sim"))
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatalf("no transcripts in %s", dir)
	}
	for _, script := range scripts {
		t.Run(filepath.Base(script), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "golden.db")
			if setup != nil {
				setup(t, db)
			}
			got := Play(t, script, db, true)
			goldenPath := strings.TrimSuffix(script, ".sim") + ".golden"
			if *update {
				if err := os.WriteFile(goldenPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				want, err := os.ReadFile(goldenPath)
				if err != nil {
					t.Fatalf("no golden output (run this package's tests with -update): %v", err)
				}
				if got != string(want) {
					t.Errorf("transcript %s differs from %s:\n%s", script, filepath.Base(goldenPath), LineDiff(string(want), got))
				}
			}
			if again := Play(t, script, db, false); again != "" {
				t.Errorf("replaying %s on the same store sent messages again:\n%s", script, again)
			}
		})
	}
}

// LineDiff shows the first lines where want and got differ.
func LineDiff(want, got string) string {
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
