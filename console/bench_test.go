package console_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"linli/bot"
	"linli/console"
	"linli/program"
)

// BenchmarkOverview renders the street office's overview (every community)
// over 10,000 members and 100,000 check-ins of a three-week challenge, and
// reports the p99 of one page.
func BenchmarkOverview(b *testing.B) {
	const members, checkins, groupsPer = 10000, 100000, 5
	ctx := context.Background()
	cfg := program.DefaultConfig()
	cfg.Communities = []program.CommunityConfig{{Name: "锦霞社区"}, {Name: "翠苑社区"}}
	for i := range cfg.Communities {
		for g := range groupsPer {
			cfg.Communities[i].Groups = append(cfg.Communities[i].Groups, fmt.Sprintf("%s%d群", cfg.Communities[i].Name[:6], g+1))
		}
	}
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))
	clock := bot.NewSimClock(now)
	p, err := program.Open(ctx, cfg, filepath.Join(b.TempDir(), "linli.db"), program.Options{Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	db := p.Store.SQL()
	today := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC).Unix() / 86400
	filled := time.Now()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	var groups []string
	for _, c := range cfg.Communities {
		for _, g := range c.Groups {
			groups = append(groups, g)
			if _, err := tx.Exec(`INSERT INTO challenges(community, group_name, name, days, start_day, created_by, created_at) VALUES (?, ?, '垃圾分类', 21, ?, 1, 0)`,
				c.Name, g, today-20); err != nil {
				b.Fatal(err)
			}
		}
	}
	n := 0
	for m := 1; m <= members; m++ {
		g := (m - 1) % len(groups)
		comm := cfg.Communities[g/groupsPer].Name
		if _, err := tx.Exec(`INSERT INTO members(id, name, community, created_at) VALUES (?, ?, ?, 0)`, m, fmt.Sprintf("居民%d", m), comm); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO member_links(member_id, platform_id, group_name, display_name, first_seen, last_seen) VALUES (?, ?, ?, ?, 0, 0)`,
			m, fmt.Sprintf("@u%d", m), groups[g], fmt.Sprintf("居民%d", m)); err != nil {
			b.Fatal(err)
		}
		for d := int64(0); d < 10 && n < checkins; d++ {
			day := today - int64((m+int(d)*2)%21) // ten different days a member
			res, err := tx.Exec(`INSERT OR IGNORE INTO checkins(challenge_id, member_id, day, source, at) VALUES (?, ?, ?, ?, 0)`,
				g+1, m, day, fmt.Sprintf("m%d-%d", m, d))
			if err != nil {
				b.Fatal(err)
			}
			if k, _ := res.RowsAffected(); k == 1 {
				n++
			}
		}
	}
	if n != checkins {
		b.Fatalf("filled %d check-ins, want %d", n, checkins)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.Logf("store filled in %v", time.Since(filled))
	s, err := p.Console(func() console.BotStatus { return console.BotStatus{State: "online"} })
	if err != nil {
		b.Fatal(err)
	}
	tok, err := p.ConsoleAuth.NewLink(ctx, console.Grant{Name: "街道", Role: console.Street}, now)
	if err != nil {
		b.Fatal(err)
	}
	_, id, err := p.ConsoleAuth.Redeem(ctx, tok, now)
	if err != nil {
		b.Fatal(err)
	}
	cookie := &http.Cookie{Name: "linli_session", Value: id}
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		start := time.Now()
		s.ServeHTTP(rec, req)
		took = append(took, time.Since(start))
		if rec.Code != http.StatusOK {
			b.Fatalf("overview answered %d", rec.Code)
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}
