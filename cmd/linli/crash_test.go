package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"linli/storage/sqlite"
)

// buildLinli compiles the linli binary once for tests that run it as a
// child process.
func buildLinli(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "linli")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build linli: %v\n%s", err, out)
	}
	return bin
}

// longScript writes a transcript of n message lines across two groups and
// private chats, with the clock moving on.
func longScript(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("@now 2026-11-24 07:00\n@group 锦霞一群 community=锦霞社区\n@group 桂园群 community=桂园社区\n")
	b.WriteString("@code CRASH234 community=锦霞社区\n[私聊] 李主任: 管理员认证 CRASH234\n")
	groups := []string{"锦霞一群", "桂园群"}
	texts := []string{"打卡", "帮助", "今天天气不错", "@社区小助手 你好", "我的积分", "统计"}
	for i := range n {
		if i%200 == 199 {
			fmt.Fprintf(&b, "@now 2026-11-%02d 08:%02d\n", 24+i/2000, (i/200)%60)
		}
		who := fmt.Sprintf("居民%03d", i%97)
		switch i % 7 {
		case 6:
			fmt.Fprintf(&b, "[私聊] 李主任: 统计\n")
		case 5:
			fmt.Fprintf(&b, "[私聊] %s: 帮助\n", who)
		default:
			fmt.Fprintf(&b, "[%s] %s: %s\n", groups[i%2], who, texts[i%len(texts)])
		}
	}
	path := filepath.Join(t.TempDir(), "long.sim")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// outboxRows returns every outbox message as "source|to|text", sorted, and
// checks each was delivered exactly once on the simulated wire.
func outboxRows(t *testing.T, dbPath string) (rows []string, handled int) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := db.SQL()
	var unsent, wire, total int
	if err := q.QueryRow(`SELECT count(*) FROM outbox WHERE sent_at IS NULL`).Scan(&unsent); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRow(`SELECT count(*), (SELECT count(*) FROM sim_wire) FROM outbox`).Scan(&total, &wire); err != nil {
		t.Fatal(err)
	}
	if unsent != 0 || wire != total {
		t.Errorf("%s: %d of %d replies never sent, %d wire deliveries", filepath.Base(dbPath), unsent, total, wire)
	}
	if err := q.QueryRow(`SELECT count(*) FROM inbound`).Scan(&handled); err != nil {
		t.Fatal(err)
	}
	r, err := q.Query(`SELECT source, to_group || '/' || to_name, text FROM outbox`)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for r.Next() {
		var src, to, text string
		if err := r.Scan(&src, &to, &text); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, src+"|"+to+"|"+text)
	}
	sort.Strings(rows)
	return rows, handled
}

// TestCrashMidScript kills `linli sim` with SIGKILL in the middle of a long
// script, restarts it on the same store with the same script, and checks
// that every message was handled exactly once and every reply sent exactly
// once, by comparing with an uninterrupted run.
func TestCrashMidScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildLinli(t)
	script := longScript(t, 3000)
	dir := t.TempDir()

	refDB := filepath.Join(dir, "ref.db")
	if out, err := exec.Command(bin, "sim", "--db", refDB, "--script", script).CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v\n%s", err, out)
	}

	crashDB := filepath.Join(dir, "crash.db")
	for _, killAfter := range []int{150, 900} {
		cmd := exec.Command(bin, "sim", "--db", crashDB, "--script", script)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		lines := 0
		for sc.Scan() {
			if lines++; lines == killAfter {
				break
			}
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		if lines < killAfter {
			t.Fatalf("the run ended after %d lines, before the kill at %d: make the script longer", lines, killAfter)
		}
	}
	done := make(chan []byte, 1)
	go func() {
		out, err := exec.Command(bin, "sim", "--db", crashDB, "--script", script).CombinedOutput()
		if err != nil {
			t.Errorf("restart: %v\n%s", err, out)
		}
		done <- out
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		t.Fatal("restarted run did not finish")
	}

	want, wantHandled := outboxRows(t, refDB)
	got, gotHandled := outboxRows(t, crashDB)
	if gotHandled != wantHandled {
		t.Errorf("handled %d messages after the crashes, want %d", gotHandled, wantHandled)
	}
	if len(got) != len(want) {
		t.Fatalf("%d replies after the crashes, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("reply %d differs:\n got  %s\n want %s", i, got[i], want[i])
		}
	}
	t.Logf("%d messages handled and %d replies sent exactly once across two SIGKILLs", gotHandled, len(got))
}
