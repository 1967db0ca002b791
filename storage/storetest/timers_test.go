package storetest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"linli/program"
	"linli/program/programtest"
)

// TestAGroupsAcksAreFlushedByItsOwnProcess: two processes share one
// PostgreSQL database, each serving its own community. The acks of a
// check-in in 锦霞's group wait for their window; 翠苑's process, running
// past that window, leaves them alone; 锦霞's own process then sends them
// to its group.
func TestAGroupsAcksAreFlushedByItsOwnProcess(t *testing.T) {
	url := pg.NewDatabase(t)
	dir := t.TempDir()
	script := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	jinxia := `@group 锦霞一群 community=锦霞社区
@admin 锦主任 community=锦霞社区
@now 2026-11-25 06:59
[锦霞一群] 锦主任: 发起打卡 垃圾分类 21天
@now 2026-11-25 07:00
[锦霞一群] 张阿姨: 打卡
`
	programtest.Play(t, script("jinxia.sim", jinxia), url, false)
	programtest.Play(t, script("cuiyuan.sim", "@group 翠苑一群 community=翠苑社区\n@now 2026-11-25 08:00\n"), url, false)

	store, err := program.OpenStore(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	var waiting int
	err = store.SQL().QueryRow(`SELECT count(*) FROM scheduler_timers WHERE key = 'checkin.ack:锦霞一群'`).Scan(&waiting)
	store.Close()
	if err != nil {
		t.Fatal(err)
	}
	if waiting != 1 {
		t.Fatalf("after 翠苑's process ran past the window, 锦霞's ack timer: %d rows, want it still waiting", waiting)
	}
	later := jinxia[:strings.Index(jinxia, "@now")] + "@now 2026-11-25 08:00\n"
	if out := programtest.Play(t, script("jinxia-later.sim", later), url, false); !strings.Contains(out, "打卡动态：张阿姨") {
		t.Errorf("锦霞's process did not send its group's acks:\n%s", out)
	}
}
