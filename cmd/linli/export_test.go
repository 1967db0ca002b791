package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"linli/storage/sqlite"
)

// TestRunExport writes the ledger of an empty store as Excel and as CSV,
// and refuses a bad month.
func TestRunExport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "linli.db")
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	var stdout, stderr bytes.Buffer
	out := filepath.Join(dir, "report.xlsx")
	if code := runExport(ctx, []string{"--month", "2026-11", "--out", out, "--db", dbPath, "--config", ""}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatalf("open export: %v", err)
	}
	if got := strings.Join(f.GetSheetList(), ","); got != "任务,志愿时长,积分" {
		t.Errorf("sheets = %s", got)
	}
	f.Close()
	if !strings.Contains(stdout.String(), "2026-11: 0 tasks") {
		t.Errorf("stdout = %q", stdout.String())
	}

	stdout.Reset()
	if code := runExport(ctx, []string{"--month", "2026-11", "--out", filepath.Join(dir, "r.csv"), "--csv", "--db", dbPath, "--config", ""}, &stdout, &stderr); code != 0 {
		t.Fatalf("csv exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "r-hours.csv")); err != nil {
		t.Errorf("csv files: %v", err)
	}

	stderr.Reset()
	if code := runExport(ctx, []string{"--month", "2026-13", "--db", dbPath, "--config", ""}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "没有 13 月") {
		t.Errorf("bad month: exit %d, %q", code, stderr.String())
	}
}
