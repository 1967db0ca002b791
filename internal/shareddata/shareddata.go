// Package shareddata finds the public test data (the Civil Code, the legal
// questions, the garbage item lists) that lives in a shared/data folder
// next to the repository. The data measures linli; it is never part of it,
// so a fresh clone has none and the tests that need it skip.
package shareddata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Find returns the path of a shared data file, walking up from the working
// directory to the repository root (the folder with go.mod).
func Find(name string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "data", name)
			if _, err := os.Stat(p); err != nil {
				return "", fmt.Errorf("public test data %s not found next to the repository (../shared/data): %w", name, err)
			}
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("repository root (go.mod) not found")
		}
		dir = parent
	}
}

// Path returns the path of a shared data file, or skips the test with a
// clear message when it is absent.
func Path(t testing.TB, name string) string {
	t.Helper()
	p, err := Find(name)
	if err != nil {
		t.Skip(err.Error() + "; skipping")
	}
	return p
}
