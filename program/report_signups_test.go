package program

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"linli/bot/sim"
	"linli/storage/sqlite"
	"linli/workflows/report"
)

// TestExportIncludesEventSignups plays an event with a waiting list through
// the wired program and checks the monthly ledger lists its sign-ups.
func TestExportIncludesEventSignups(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "export.db")
	p, err := NewSim(ctx, DefaultConfig(), dbPath, io.Discard, false, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	script := `@now 2026-11-20 09:00
@group 锦霞一群 community=锦霞社区
@admin 李主任
[锦霞一群] 李主任: 发起活动 插花课 11月28日 14:00-16:00 社区活动室 名额2
[锦霞一群] 张三: 报名 #1
[锦霞一群] 李四: 报名 #1 2人
[锦霞一群] 王五: 报名 #1
`
	if err := p.Runner.Run(ctx, sim.NewParser(strings.NewReader(script), p.Program.Directory.DefaultLocation)); err != nil {
		t.Fatal(err)
	}
	loc := p.Program.Directory.DefaultLocation
	rep, err := report.Build(ctx, sqlite.NewReportStore(p.Program.Store), "锦霞社区", "2026-11", loc)
	if err != nil {
		t.Fatal(err)
	}
	var signups *report.Sheet
	for _, s := range rep.Sheets() {
		if s.Name == "活动报名" {
			signups = &s
		}
	}
	if signups == nil {
		t.Fatalf("no 活动报名 sheet in %d sheets", len(rep.Sheets()))
	}
	var got []string
	for _, row := range signups.Rows {
		var b bytes.Buffer
		for _, c := range row {
			b.WriteString(report.CellText(c) + "|")
		}
		got = append(got, b.String())
	}
	want := []string{
		"锦霞社区|#1 插花课|2026-11-28 14:00|社区活动室|张三|1||已报名||",
		"锦霞社区|#1 插花课|2026-11-28 14:00|社区活动室|李四|2||候补||",
		"锦霞社区|#1 插花课|2026-11-28 14:00|社区活动室|王五|1||候补||",
		"合计||||3条|1|||0|",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("活动报名 sheet:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
