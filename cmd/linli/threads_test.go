package main

import (
	"runtime"
	"testing"
)

// TestOneThreadOnPostgres: a process whose store is PostgreSQL runs one
// Go thread unless GOMAXPROCS says otherwise, and a SQLite store keeps
// them all; the setting is put back afterwards.
func TestOneThreadOnPostgres(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, c := range []struct {
		store, env string
		want       int
	}{
		{"postgres://linli@localhost/linli", "", 1},
		{"postgresql://linli@localhost/linli", "", 1},
		{"postgres://linli@localhost/linli", "2", 2},
		{"data/linli.db", "", 2},
	} {
		env := func(string) string { return c.env }
		restore := oneThreadOnPostgres(c.store, env, nil)
		if got := runtime.GOMAXPROCS(0); got != c.want {
			t.Errorf("store %s, GOMAXPROCS=%q: %d threads, want %d", c.store, c.env, got, c.want)
		}
		restore()
		if got := runtime.GOMAXPROCS(0); got != 2 {
			t.Errorf("store %s: %d threads after restoring, want 2", c.store, got)
		}
	}
}
