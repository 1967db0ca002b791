package volunteer

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// hoursReportIntent is a coordinator asking for volunteers' hours, of
// some by name or of all: 「老王 老李 小周这个月各干了多少小时」「志愿者这个
// 月的时长统计一下」「孙师傅上个月服务了几个小时」. A volunteer's own hours
// are 我的志愿.
func hoursReportIntent() intent.Decl {
	return intent.Decl{Name: "volunteer_hours", Label: "志愿时长", Shape: intent.Free, Asks: true,
		Cues: []string{`各(自)?(都)?(干|做|服务|志愿|跑)?了?(多少|几个)(个)?(小时|钟头|钟点|时长)`, `志愿者(们)?(一共|总共|都|加起来|总的).{0,6}(多少|几)(个)?(小时|钟头|时长)`,
			`(志愿者|大家|每个人|每人|他们|她们|队员)(们)?(这个月|本月|上个月|这周|上周)?(的)?(一共|都|总共)?(干|做|服务|志愿)了?(多少|几个)(个)?(小时|钟头)`,
			`(志愿者|志愿|服务)?(时长|工时|小时数)(的)?(统计|汇总|排名|排行|报表)`,
			// 「这一周志愿者都干了啥，帮我汇总一下，每个人的服务时长也列一下」
			`(服务|志愿)?时长(也)?(列|统计|汇总|算)(一下|出来)`, `志愿者(们)?(这周|这一周|本周|这个月|本月|上周)?(都)?(干|做)了(啥|什么|哪些)`,
			`^\p{Han}{2,3}(这个月|本月|上个月|这周|上周|今年)?(一共|总共|累计)?(干|做|服务|跑|记)了?(多少|几个)(个)?(小时|钟头)`,
			// 「这两礼拜谁最积极 我月底开会要表扬一下」: who did most.
			`谁(最)?(积极|出力最多|干得最多|干得多|最能干|最勤快|时长最多|小时最多)`, `(这个月|本月|上个月|这周|上周|今年)(老|小)?\p{Han}{1,3}(一共|总共)?(干|做|服务|跑|记)了?(多少|几个)(个)?(小时|钟头)`, `(志愿者|大家)(里|中)?.{0,4}(表扬|评优|评先进)`},
		// 「我做志愿者一共几个钟头了」 folds to 「做志愿者…」: one's own.
		Not: []string{`^我`, `我(这个月|本月|上个月|一共|总共)?(的)?(干|做|服务|志愿)`, `^(做|当|干)(了)?志愿者`}}
}

// lastMonth and allTime pick the period of a report other than this
// month.
var (
	lastMonth = gatedre.MustCompile(`上个?月`)
	allTime   = gatedre.MustCompile(`一共|总共|累计|总计|到现在|至今|从头`)
	thisMonth = gatedre.MustCompile(`这个月|本月|这月`)
)

// hoursReport answers a coordinator with the hours of the volunteers
// named, or of every volunteer with any, over this month, last month or
// all time; privately, since it is about people.
func (w *Workflow) hoursReport(ctx context.Context, t *bot.Turn) error {
	comm := t.Community()
	vols, err := w.d.Store.Volunteers(ctx, comm)
	if err != nil {
		return wrap("list volunteers", err)
	}
	if len(vols) == 0 {
		return bot.Userf("本社区还没有登记的志愿者。")
	}
	text := intent.Fold(t.Msg.Text)
	var named []Volunteer
	for _, v := range vols {
		if mentions(text, v.Name) {
			named = append(named, v)
		}
	}
	pick, all := named, len(named) == 0
	if all {
		pick = vols
	}
	now := t.Now.In(t.Loc)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, t.Loc)
	from, until, period := month, time.Time{}, fmt.Sprintf("%d月", now.Month())
	switch {
	case lastMonth.MatchString(text):
		from, until, period = month.AddDate(0, -1, 0), month, fmt.Sprintf("%d月", month.AddDate(0, -1, 0).Month())
	case allTime.MatchString(text) && !thisMonth.MatchString(text):
		// 「这个月志愿者一共干了多少」: 一共 of this month.
		from, period = time.Time{}, "累计"
	}
	type row struct {
		name string
		tot  Totals
	}
	var rows []row
	for _, v := range pick {
		tot, err := w.totalsBetween(ctx, comm, v.MemberID, from, until)
		if err != nil {
			return err
		}
		if all && tot.Tasks == 0 {
			continue
		}
		rows = append(rows, row{v.Name, tot})
	}
	if all {
		// Everyone's: the most hours first (「这两礼拜谁最积极」).
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].tot.Hours > rows[j].tot.Hours })
	}
	var b strings.Builder
	var sum float64
	shown := 0
	for _, r := range rows {
		fmt.Fprintf(&b, "\n%s %s小时（%d单）", r.name, formatHours(r.tot.Hours), r.tot.Tasks)
		sum += r.tot.Hours
		shown++
	}
	switch {
	case shown == 0:
		b.WriteString("还没有记下的时长。")
	case shown > 1:
		fmt.Fprintf(&b, "\n合计 %s小时", formatHours(sum))
	}
	w.replyPrivate(t, fmt.Sprintf("志愿时长（%s）：%s", period, b.String()), "志愿时长已私信发给您。")
	return nil
}

// totalsBetween sums a volunteer's ledger from from up to until (zero:
// up to now; zero from: from the start).
func (w *Workflow) totalsBetween(ctx context.Context, comm string, memberID int64, from, until time.Time) (Totals, error) {
	var tot Totals
	var err error
	if from.IsZero() {
		tot, err = w.d.Store.TotalsOf(ctx, comm, memberID)
	} else {
		tot, err = w.d.Store.TotalsSince(ctx, comm, memberID, from)
	}
	if err != nil || until.IsZero() {
		return tot, wrap("hours", err)
	}
	later, err := w.d.Store.TotalsSince(ctx, comm, memberID, until)
	if err != nil {
		return tot, wrap("hours", err)
	}
	return Totals{Tasks: tot.Tasks - later.Tasks, Hours: tot.Hours - later.Hours, Points: tot.Points - later.Points}, nil
}

// hoursClaimedIntent is a volunteer asking for hours no task carries:
// 「给我记个10小时吧」「帮我补3个小时」.
func hoursClaimedIntent() intent.Decl {
	return intent.Decl{Name: "hours_claimed", Label: "补记时长", Shape: intent.Free,
		Cues: []string{`(给我|帮我|替我)(也)?(记|加|算|补|登记)(上)?(个|上)?([0-9]+|[一二两三四五六七八九十]+)(个)?(半)?(小时|钟头)`, `(时长|小时)(给我)?(多)?(记|加|算|补)(上)?([0-9]+|[一二两三四五六七八九十]+)(个)?(小时|钟头)`,
			// 「给我记一次任务完成 加20分」「那个陪诊标成我做完的吧」
			`(给我|帮我)(记|算)(一次|个|一个)?(任务)?(完成|做完)`,
			// 「我也去帮忙了 给我也记上积分和时长」
			`(给我|帮我|替我)(也)?(记|加|算|补|登记)上(积分|时长|小时)(和|跟|还有)(积分|时长|小时)`,
			// 「给我记个三天的志愿时长 每天三小时」
			`(记|加|算|补)(个|上)?([0-9]+|[一二两三四五六七八九十]+)天的?(志愿)?(时长|小时)`, `(标|记|算)(成|为|作)(我)?(做完|完成|办完)`,
			// 「…那个活我先帮他点个完成吧」: another's task is theirs to report.
			doneForOther.String()}}
}

// doneForOther is another's task reported done for them: 「我先帮他点个完成吧」.
var doneForOther = gatedre.MustCompile(`(帮|替|代)(他|她|\p{Han}{1,3})(先)?(点|报|标|按|记)(个|一下|了)?(完成|做完)`)

// hoursNotClaimed answers a volunteer asking for hours by word: hours are
// what the tasks they finished carry, confirmed by those they helped;
// other help is put in by a coordinator.
func (w *Workflow) hoursNotClaimed(ctx context.Context, t *bot.Turn) error {
	if doneForOther.MatchString(intent.Fold(t.Msg.Text)) {
		t.Reply("任务要由接单的志愿者本人做完后报完成，别人替不了，也不会先记上。忘了的话，社区工作人员会提醒他。")
		return nil
	}
	now := t.Now.In(t.Loc)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, t.Loc)
	tot, err := w.d.Store.TotalsSince(ctx, t.Community(), t.Member.ID, month)
	if err != nil {
		return wrap("hours", err)
	}
	t.Reply(fmt.Sprintf("志愿时长按完成并经居民确认的任务记，不能凭一句话加。您%d月已记%s小时（%d单）。别的帮忙，请告诉社区工作人员哪天帮谁做了什么，由他们核实补登。", now.Month(), formatHours(tot.Hours), tot.Tasks))
	return nil
}
