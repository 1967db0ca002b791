package program_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"linli/program/programtest"
)

// repoRoot is the repository root, one level up from program.
const repoRoot = ".."

// TestGoldenExamples plays the README's demo and the other examples.
func TestGoldenExamples(t *testing.T) { programtest.Golden(t, filepath.Join(repoRoot, "examples")) }

// TestEveryTranscriptIsPlayed finds every folder of transcripts in the
// repository and checks that a test of its package plays it, so a new
// testdata/*.sim is never silently left out.
func TestEveryTranscriptIsPlayed(t *testing.T) {
	dirs := map[string]bool{}
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != repoRoot {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".sim") {
			dirs[filepath.Dir(path)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range dirs {
		pkg := dir
		if filepath.Base(dir) == "testdata" {
			pkg = filepath.Dir(dir)
		} else {
			pkg = "program" // the examples are played here
			pkg = filepath.Join(repoRoot, pkg)
		}
		tests, _ := filepath.Glob(filepath.Join(pkg, "*_test.go"))
		played := false
		for _, f := range tests {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			played = played || strings.Contains(string(body), "programtest.Golden(")
		}
		if !played {
			t.Errorf("transcripts in %s are played by no test: add a test in %s that calls programtest.Golden", dir, pkg)
		}
	}
}
