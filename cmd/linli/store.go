package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"linli/storage/postgres"
	"linli/storage/sqlite"
)

// runStore is `linli store copy --from PATH.db --to postgres://…`: it moves
// a SQLite deployment into an empty PostgreSQL database when one process
// is no longer enough, and checks the result.
func runStore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const usageLine = "usage: linli store copy --from PATH.db --to postgres://user:password@host/db"
	if len(args) == 0 || args[0] != "copy" {
		fmt.Fprintln(stderr, usageLine)
		return 2
	}
	fs := flag.NewFlagSet("store copy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the SQLite file to copy (stop linli first)")
	to := fs.String("to", "", "an empty PostgreSQL database: postgres://…")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *from == "" || !postgres.IsURL(*to) {
		fmt.Fprintln(stderr, usageLine)
		return 2
	}
	if _, err := os.Stat(*from); err != nil {
		fmt.Fprintf(stderr, "linli store copy: --from %s: no such database (check the path)\n", *from)
		return 1
	}
	src, err := sqlite.Open(ctx, *from)
	if err != nil {
		fmt.Fprintf(stderr, "linli store copy: %v\n", err)
		return 1
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, *to)
	if err != nil {
		fmt.Fprintf(stderr, "linli store copy: %v\n", err)
		return 1
	}
	defer dst.Close()
	rep, err := postgres.CopyFromSQLite(ctx, src, dst)
	if err != nil {
		fmt.Fprintf(stderr, "linli store copy: %v\n", err)
		return 1
	}
	var total int64
	for _, t := range slices.Sorted(maps.Keys(rep.Rows)) {
		if rep.Rows[t] > 0 {
			fmt.Fprintf(stdout, "%-20s %8d rows\n", t, rep.Rows[t])
		}
		total += rep.Rows[t]
	}
	fmt.Fprintf(stdout, "copied %d rows from %s to %s; row counts equal in every table, %d balances equal\n",
		total, *from, postgres.Redact(*to), rep.Balances)
	return 0
}
