package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"linli/bot"
	"linli/storage/sqlite"
	"linli/workflows/points"
	"linli/workflows/report"
	"linli/workflows/volunteer"
)

var loc = func() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return l
}()

// ledgerDB is a month of volunteer work: three tasks in November (two
// confirmed, one open), one in December, and a redemption.
func ledgerDB(t *testing.T) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	vs, ps := sqlite.NewVolunteerStore(db), sqlite.NewPointsStore(db)
	member := func(name string) bot.Member {
		m, _, err := db.ResolveMember(ctx, bot.Chat{Kind: bot.Group, Name: "锦霞一群", Community: "锦霞社区"},
			bot.Sender{PlatformID: "wx-" + name, DisplayName: name}, time.Date(2026, 11, 1, 8, 0, 0, 0, loc))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	zhang, li, wang := member("张三"), member("李四"), member("王奶奶")
	task := func(msg string, at time.Time, cat volunteer.Skill, vol bot.Member, hours float64, rating int) {
		tk, _, err := vs.CreateTask(ctx, volunteer.Task{Community: "锦霞社区", RequesterID: wang.ID, Requester: wang.Name,
			Request: volunteer.Request{Category: cat, What: "x", Phone: "13812345678", Place: volunteer.Place{Building: "3", BuildingWord: "号楼", Room: "301"}},
			State:   volunteer.Open, CreatedAt: at, SourceMsg: msg})
		if err != nil {
			t.Fatal(err)
		}
		if vol.ID == 0 {
			return
		}
		tk.State, tk.VolunteerID, tk.Volunteer, tk.AssignedAt, tk.Hours, tk.Rating = volunteer.Confirmed, vol.ID, vol.Name, at, hours, rating
		if ok, err := vs.UpdateTask(ctx, tk, volunteer.Open); err != nil || !ok {
			t.Fatalf("update task: %v %v", ok, err)
		}
		done := at.Add(24 * time.Hour)
		pts := int64(hours * 10)
		if _, err := vs.RecordHours(ctx, volunteer.HoursEntry{TaskID: tk.ID, MemberID: vol.ID, Community: "锦霞社区", Category: cat,
			Hours: hours, Points: pts, Rating: rating, At: done}); err != nil {
			t.Fatal(err)
		}
		if _, err := ps.Credit(ctx, points.Entry{MemberID: vol.ID, Community: "锦霞社区", Amount: pts, Reason: "志愿服务",
			SourceKey: "task:" + msg, At: done}); err != nil {
			t.Fatal(err)
		}
	}
	task("m1", time.Date(2026, 11, 3, 9, 0, 0, 0, loc), volunteer.Medical, zhang, 1.5, 5)
	task("m2", time.Date(2026, 11, 10, 9, 0, 0, 0, loc), volunteer.Errands, li, 2, 4)
	task("m3", time.Date(2026, 11, 20, 9, 0, 0, 0, loc), volunteer.Repair, bot.Member{}, 0, 0)
	task("m4", time.Date(2026, 12, 2, 9, 0, 0, 0, loc), volunteer.Errands, zhang, 1, 0)
	if _, err := ps.Credit(ctx, points.Entry{MemberID: zhang.ID, Community: "锦霞社区", Amount: -5, Reason: "兑换",
		SourceKey: "redeem:1", At: time.Date(2026, 11, 25, 9, 0, 0, 0, loc)}); err != nil {
		t.Fatal(err)
	}
	return db
}

func cell(t *testing.T, f *excelize.File, sheet, axis string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, axis)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestExcelExport opens the written workbook and checks its sheets,
// headers and totals, and that no phone or room reached the ledger.
func TestExcelExport(t *testing.T) {
	db := ledgerDB(t)
	rep, err := report.Build(context.Background(), sqlite.NewReportStore(db), "锦霞社区", "2026-11", loc)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("open written workbook: %v", err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "任务,志愿时长,积分" {
		t.Errorf("sheets = %s", got)
	}
	rows, _ := f.GetRows("任务")
	if strings.Join(rows[0], ",") != "任务号,社区,类别,状态,求助人,志愿者,发布时间,确认时间,时长(小时),积分,评分" {
		t.Errorf("任务 header = %v", rows[0])
	}
	if len(rows) != 5 { // header, three November tasks, totals
		t.Fatalf("任务 has %d rows, want 5: %v", len(rows), rows)
	}
	if got := cell(t, f, "任务", "D4"); got != "待接单" {
		t.Errorf("task 3 state = %q, want 待接单", got)
	}
	if a, b, c, d := cell(t, f, "任务", "A5"), cell(t, f, "任务", "B5"), cell(t, f, "任务", "I5"), cell(t, f, "任务", "J5"); a != "合计" || b != "3单" || c != "3.5" || d != "35" {
		t.Errorf("任务 totals = %s %s %s %s, want 合计 3单 3.5 35", a, b, c, d)
	}
	hours, _ := f.GetRows("志愿时长")
	if strings.Join(hours[0], ",") != "志愿者,社区,完成任务,时长(小时),积分,平均评分" {
		t.Errorf("志愿时长 header = %v", hours[0])
	}
	if got := strings.Join(hours[len(hours)-1], ","); got != "合计,2人,2,3.5,35,4.5" {
		t.Errorf("志愿时长 totals = %s", got)
	}
	pts, _ := f.GetRows("积分")
	if got := strings.Join(pts[len(pts)-1], ","); got != "合计,2人,35,5,30" {
		t.Errorf("积分 totals = %s", got)
	}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, r := range rows {
			line := strings.Join(r, ",")
			if strings.Contains(line, "13812345678") || strings.Contains(line, "301") {
				t.Errorf("%s leaks a phone or room: %s", sheet, line)
			}
		}
	}
}

// TestCSVExport writes one file per sheet, readable by Excel (BOM) and
// with the same totals.
func TestCSVExport(t *testing.T) {
	db := ledgerDB(t)
	rep, err := report.Build(context.Background(), sqlite.NewReportStore(db), "", "2026-12", loc)
	if err != nil {
		t.Fatal(err)
	}
	files, err := rep.SaveCSV(filepath.Join(t.TempDir(), "report.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 || !strings.HasSuffix(files[0], "report-tasks.csv") {
		t.Fatalf("files = %v", files)
	}
	body, err := os.ReadFile(files[1])
	if err != nil {
		t.Fatal(err)
	}
	text := string(body)
	if !strings.HasPrefix(text, "\ufeff志愿者,社区,完成任务") || !strings.Contains(text, "合计,1人,1,1,10,\n") {
		t.Errorf("hours csv:\n%s", text)
	}
}

func TestParseMonth(t *testing.T) {
	for _, s := range []string{"2026-11", "2026年11月", "2026/11"} {
		from, to, err := report.ParseMonth(s, loc)
		if err != nil || from.Month() != time.November || to.Month() != time.December {
			t.Errorf("ParseMonth(%q) = %v %v %v", s, from, to, err)
		}
	}
	for _, s := range []string{"", "2026-13", "十一月", "2026-11-05"} {
		if _, _, err := report.ParseMonth(s, loc); err == nil {
			t.Errorf("ParseMonth(%q) accepted", s)
		}
	}
}

type registry struct{ cmds []bot.Command }

func (r *registry) AddCommand(c bot.Command)   { r.cmds = append(r.cmds, c) }
func (r *registry) AddListener(l bot.Listener) {}

// TestExportCommand: a coordinator's 导出 sends the summary and the
// workbook itself privately, with the month's figures in it; the group
// hears only that it went, and no reply names a path on the server.
func TestExportCommand(t *testing.T) {
	db := ledgerDB(t)
	w, err := report.New(report.Config{}, report.Deps{Store: sqlite.NewReportStore(db),
		Link: func(ctx context.Context, t *bot.Turn, month string) (string, error) {
			return "https://console.example/login?t=once&month=" + month, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	var reg registry
	w.Register(&reg)
	// 导出, and the ledger asked for in words: both coordinators' only.
	if len(reg.cmds) != 2 || reg.cmds[0].Role != bot.Coordinator || reg.cmds[1].Role != bot.Coordinator {
		t.Fatalf("commands = %+v", reg.cmds)
	}
	turn := &bot.Turn{Chat: bot.Chat{Kind: bot.Group, Name: "锦霞一群", Community: "锦霞社区"}, Member: bot.Member{ID: 9, Name: "李主任", Role: bot.Coordinator},
		Keyword: "导出", Args: "2026-11", Now: time.Date(2026, 12, 1, 9, 0, 0, 0, loc), Loc: loc}
	err = db.InTx(context.Background(), func(ctx context.Context) error { return reg.cmds[0].Handle(ctx, turn) })
	if err != nil {
		t.Fatal(err)
	}
	out := turn.Outgoing()
	if len(out) != 3 {
		t.Fatalf("replies = %+v, want the summary, the file and a word in the group", out)
	}
	summary, file, group := out[0], out[1], out[2]
	if summary.To.Kind != bot.ToMember || summary.To.MemberID != 9 || !strings.Contains(summary.Text, "2026-11 台账") {
		t.Errorf("summary = %+v", summary)
	}
	if file.To.Kind != bot.ToMember || file.File == nil || file.File.Name != "台账-锦霞社区-2026-11.xlsx" {
		t.Fatalf("file message = %+v", file)
	}
	if !strings.Contains(file.Text, "login?t=once&month=2026-11") || !file.Secret {
		t.Errorf("the file's words for a chat without files = %q, want the console link, kept secret", file.Text)
	}
	book, err := excelize.OpenReader(bytes.NewReader(file.File.Data))
	if err != nil {
		t.Fatalf("the file is not a workbook: %v", err)
	}
	defer book.Close()
	if len(book.GetSheetList()) == 0 {
		t.Error("the workbook has no sheet")
	}
	if group.To.Kind != bot.ToGroup || group.Text != "台账已私信发给您。" {
		t.Errorf("group reply = %+v", group)
	}
	for _, m := range out {
		if strings.Contains(m.Text, "exports") || strings.Contains(m.Text, "/tmp") || strings.Contains(m.Text, ".xlsx") {
			t.Errorf("a reply names a path or file on the server: %q", m.Text)
		}
	}
	turn = &bot.Turn{Chat: turn.Chat, Member: turn.Member, Args: "十三月", Now: turn.Now, Loc: loc}
	if err := reg.cmds[0].Handle(context.Background(), turn); err == nil || !strings.Contains(err.Error(), "月份请写成") {
		t.Errorf("bad month: %v", err)
	}
}

// TestCheckinSheet: with check-ins in the month the workbook gains a
// 打卡汇总 sheet with per-challenge counts and a total.
func TestCheckinSheet(t *testing.T) {
	db := ledgerDB(t)
	ctx := context.Background()
	at := func(d int) int64 { return time.Date(2026, 11, d, 8, 0, 0, 0, loc).UnixMilli() }
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO challenges (id, community, group_name, name, days, start_day, created_by, created_at)
		VALUES (1, '锦霞社区', '锦霞一群', '垃圾分类21天', 21, 0, 1, ?)`, at(1)); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct {
		member, day int
		makeup      int
		when        int64
	}{{1, 1, 0, at(2)}, {1, 2, 1, at(3)}, {2, 1, 0, at(2)}, {2, 40, 0, time.Date(2026, 12, 1, 8, 0, 0, 0, loc).UnixMilli()}} {
		if _, err := db.SQL().ExecContext(ctx, `INSERT INTO checkins (challenge_id, member_id, day, makeup, source, at) VALUES (1, ?, ?, ?, ?, ?)`,
			c.member, c.day, c.makeup, "m"+string(rune('a'+i)), c.when); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := report.Build(ctx, sqlite.NewReportStore(db), "锦霞社区", "2026-11", loc)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("打卡汇总")
	if err != nil {
		t.Fatalf("no 打卡汇总 sheet: %v (sheets %v)", err, f.GetSheetList())
	}
	want := [][]string{{"社区", "群", "打卡活动", "参与人数", "打卡次数", "补卡次数"}, {"锦霞社区", "锦霞一群", "垃圾分类21天", "2", "3", "1"}, {"合计", "", "1项", "2", "3", "1"}}
	if len(rows) != len(want) {
		t.Fatalf("打卡汇总 = %v", rows)
	}
	for i := range want {
		if strings.Join(rows[i], ",") != strings.Join(want[i], ",") {
			t.Errorf("打卡汇总 row %d = %v, want %v", i+1, rows[i], want[i])
		}
	}
}
