package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"linli/program"
	"linli/storage/sqlite"
	"linli/workflows/report"
)

// runExport is `linli admin export --month 2026-11 --out report.xlsx [--csv]
// [--community NAME] [--db PATH]`: the monthly ledger (台账) as an Excel
// workbook, or as CSV files (one per sheet) with --csv.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("linli admin export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	month := fs.String("month", "", "the month to export, e.g. 2026-11 (default: last month)")
	out := fs.String("out", "", "the file to write (default: 台账-MONTH.xlsx, or .csv with --csv)")
	asCSV := fs.Bool("csv", false, "write CSV files, one per sheet, instead of Excel")
	community := fs.String("community", "", "only this community (default: all)")
	dbPath, cfgPath := dbFlags(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "linli admin export: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	cfg, err := program.LoadConfig(*cfgPath, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "linli admin export: %v\n", err)
		return 2
	}
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		fmt.Fprintf(stderr, "linli admin export: %v\n", err)
		return 2
	}
	if *month == "" {
		now := time.Now().In(loc)
		*month = time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, loc).Format("2006-01")
	}
	if _, _, err := report.ParseMonth(*month, loc); err != nil {
		fmt.Fprintf(stderr, "linli admin export: %v\n", err)
		return 2
	}
	if *out == "" {
		ext := ".xlsx"
		if *asCSV {
			ext = ".csv"
		}
		*out = "台账-" + *month + ext
	}
	path, err := existingDB(*dbPath, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "linli admin export: %v\n", err)
		return 2
	}
	db, err := program.OpenStore(ctx, path)
	if err != nil {
		fmt.Fprintf(stderr, "linli admin export: %v\n", err)
		return 1
	}
	defer db.Close()
	rep, err := report.Build(ctx, sqlite.NewReportStore(db), *community, *month, loc)
	if err != nil {
		fmt.Fprintf(stderr, "linli admin export: %v\n", err)
		return 1
	}
	files := []string{*out}
	if *asCSV {
		files, err = rep.SaveCSV(*out)
	} else {
		err = rep.SaveXLSX(*out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "linli admin export: %v\n", err)
		return 1
	}
	var hours float64
	for _, h := range rep.Hours {
		hours += h.Hours
	}
	fmt.Fprintf(stdout, "%s: %d tasks, %d volunteers, %.1f hours → %s\n", rep.Month, len(rep.Tasks), len(rep.Hours), hours, strings.Join(files, ", "))
	return 0
}
