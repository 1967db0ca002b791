package main

import (
	"log/slog"
	"runtime"

	"linli/storage/postgres"
)

// oneThreadOnPostgres gives the process one Go thread when its store is a
// PostgreSQL server and GOMAXPROCS is not set. linli then spends a morning
// burst waiting on the server between statements; with one thread it
// wakes straight from the socket, where with more each wait is handed from
// one thread to another, and every hand-off is another wake-up. On a
// 2-core machine shared with the database that is a third to a half more
// check-ins a second (BENCHMARKS.md). GOMAXPROCS set in the environment
// wins. It returns what puts the setting back.
func oneThreadOnPostgres(store string, getenv func(string) string, log *slog.Logger) (restore func()) {
	if !postgres.IsURL(store) || getenv("GOMAXPROCS") != "" {
		return func() {}
	}
	before := runtime.GOMAXPROCS(1)
	if log != nil && before != 1 {
		log.Info("PostgreSQL store: one Go thread (set GOMAXPROCS to choose another number)")
	}
	return func() { runtime.GOMAXPROCS(before) }
}
