package program

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/bot/sim"
)

// remindersScript is a coordinator setting up n reminders across 20 groups
// (a fifth daily, half weekly, the rest one-off within the month), then 30
// simulated days passing an hour at a time.
func remindersScript(n int) string {
	var b strings.Builder
	b.WriteString("@now 2026-12-01 07:00\n")
	for g := range 20 {
		fmt.Fprintf(&b, "@group 群%02d community=锦霞社区\n", g)
	}
	b.WriteString("@admin 李主任\n")
	weekdays := []string{"一", "二", "三", "四", "五", "六", "日"}
	for i := range n {
		group := fmt.Sprintf("群%02d", i%20)
		var when string
		switch {
		case i%5 == 0:
			when = fmt.Sprintf("每天%d:%02d", 8+i%12, (i/20)%60)
		case i%2 == 0:
			when = fmt.Sprintf("每周%s %d:%02d", weekdays[i%7], 8+i%12, (i/20)%60)
		default:
			when = fmt.Sprintf("12月%d日 %d:%02d", 2+i%28, 8+i%12, (i/20)%60)
		}
		fmt.Fprintf(&b, "[私聊] 李主任: 提醒 @%s %s 第%d号通知\n", group, when, i)
	}
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	for h := 0; h < 30*24; h++ {
		fmt.Fprintf(&b, "@now %s\n", start.Add(time.Duration(h)*time.Hour).Format("2006-01-02 15:04"))
	}
	return b.String()
}

// BenchmarkRemindersThirtyDays plays remindersScript(10000) through the
// wired program, as `linli sim --db` does, on a database on disk:
//
//	go test ./program -run '^$' -bench RemindersThirtyDays -benchtime 1x
func BenchmarkRemindersThirtyDays(b *testing.B) {
	script := remindersScript(10000)
	for range b.N {
		ctx := context.Background()
		var out countingWriter
		p, err := NewSim(ctx, DefaultConfig(), filepath.Join(b.TempDir(), "rem.db"), &out, false,
			slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			b.Fatal(err)
		}
		p.Runner.Source = "reminders.sim"
		start := time.Now()
		if err := p.Runner.Run(ctx, sim.NewParser(strings.NewReader(script), p.Program.Directory.DefaultLocation)); err != nil {
			b.Fatal(err)
		}
		el := time.Since(start)
		fired := out.lines - 10000 // one confirmation per reminder
		b.ReportMetric(float64(fired), "fired")
		b.ReportMetric(float64(fired)/el.Seconds(), "fired/s")
		p.Close()
	}
}

// countingWriter counts the lines the bot sends (first lines of messages).
type countingWriter struct{ lines int }

func (w *countingWriter) Write(p []byte) (int, error) {
	for _, l := range strings.Split(string(p), "\n") {
		if strings.HasPrefix(l, "[") {
			w.lines++
		}
	}
	return len(p), nil
}
