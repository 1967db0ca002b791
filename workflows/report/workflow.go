package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/bot/intent"
)

// Workflow answers a coordinator's 导出: it sends the community's ledger
// for a month, as an xlsx file, into the coordinator's private chat.
type Workflow struct {
	cfg Config
	d   Deps
}

// Config are the workflow's settings (none yet).
type Config struct{}

// Deps are the workflow's collaborators.
type Deps struct {
	Store Store
	// Link, when set, gives the coordinator a link that opens the month's
	// ledger in the console: what a chat that cannot take files (the
	// Official Account) gets in place of the file.
	Link func(ctx context.Context, t *bot.Turn, month string) (string, error)
}

// New builds the workflow.
func New(cfg Config, d Deps) (*Workflow, error) {
	if d.Store == nil {
		return nil, errors.New("new report workflow: store is required")
	}
	return &Workflow{cfg: cfg, d: d}, nil
}

// ledgerAsked are a coordinator's words for this month's ledger: 「把打卡
// 的台账发我一份」「导一份表格给我」.
var ledgerAsked = []string{`(要|交|报|整理|弄)[^，,。]{0,12}台账`, `台账[^，,。]{0,16}(整理|汇总|交上去|报上去)`, `导出(名单|台账|表格|excel|数据)`, `导(一份|个|一个|一下)?.{0,10}(表格|台账|excel|明细)(给我|发我)?`, `(台账|账本|明细)(给我)?导(出来|一份)`, `(台账|表格|明细).{0,6}(发我|给我|发一份|来一份)`,
	// 「帮我弄个总结 周一开会用」「给我们南苑出个汇总」「北苑的也给我一份，到今天为止的」
	`(出|弄|做|写|整理|搞)(个|一个|一份|一下)?(汇总|总结)`, `(汇总|总结)(一下)?(给我|发我|发一份)`, `给我(一份|一个).{0,8}(到今天|截至今天|为止)`}

// Register adds the 导出 command, and this month's ledger asked for in
// words.
func (w *Workflow) Register(r bot.Registry) {
	r.AddCommand(bot.Command{Keywords: []string{"导出", "导出台账"}, Role: bot.Coordinator,
		Help: "导出 [2026-11] — 把本月（或指定月份）的志愿台账Excel私信发给您", Handle: w.export,
		Intent: intent.Decl{Label: "导出台账", Beyond: append([]string{`^导出`, `(志愿服务|志愿者|志愿).{0,6}(汇总|总结|统计|台账)`}, ledgerAsked...)}})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: w.exportSaid,
		Intent: intent.Decl{Name: "export_said", Label: "导出台账", Shape: intent.NoArgs, Asks: true, Cues: ledgerAsked}})
}

// exportSaid sends this month's ledger asked for in words.
func (w *Workflow) exportSaid(ctx context.Context, t *bot.Turn) error {
	t.Keyword, t.Args = "导出", ""
	return w.export(ctx, t)
}

// summaryText is the month's ledger in a few lines, sent before the file:
// the check-ins of each challenge, the points given and spent, the
// volunteers' tasks and hours, the sign-ups.
func summaryText(rep Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s 台账：", rep.Community, rep.Month)
	for _, c := range rep.Checkins {
		fmt.Fprintf(&b, "\n打卡「%s」%s：%d人参加，共打卡%d次", c.Challenge, c.Group, c.Participants, c.Checkins)
		if c.Makeups > 0 {
			fmt.Fprintf(&b, "（补卡%d次）", c.Makeups)
		}
	}
	var earned, spent int64
	for _, p := range rep.Points {
		earned += p.Earned
		spent += p.Spent
	}
	if earned > 0 || spent > 0 {
		fmt.Fprintf(&b, "\n积分：发出%d分，兑换用掉%d分", earned, spent)
	}
	fmt.Fprintf(&b, "\n志愿：任务%d单，志愿者%d人，确认时长%s小时", len(rep.Tasks), len(rep.Hours), hoursText(rep.Hours))
	if len(rep.Signups) > 0 {
		fmt.Fprintf(&b, "\n活动报名：%d条", len(rep.Signups))
	}
	return b.String()
}

// FileName is the name the month's ledger of a community goes by, in chat
// and as a download.
func FileName(community, month string) string {
	return fmt.Sprintf("台账-%s-%s.xlsx", safeName(community), month)
}

// export sends the summary and then the workbook itself, privately, never
// a path on the server: a coordinator's phone cannot open one. Where the
// chat cannot take files, the file's words carry a one-time console link.
func (w *Workflow) export(ctx context.Context, t *bot.Turn) error {
	month, err := w.month(t)
	if err != nil {
		return err
	}
	community := t.Chat.Community
	rep, err := Build(ctx, w.d.Store, community, month, t.Loc)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var book bytes.Buffer
	if err := rep.WriteXLSX(&book); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fallback := "这里收不了文件，请到社区后台「志愿」页下载台账。"
	if w.d.Link != nil {
		link, err := w.d.Link(ctx, t, rep.Month)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		fallback = "点开链接即可下载Excel（10分钟内有效，只能用一次，请勿转发）：\n" + link
	}
	me := bot.MemberAddress(t.Member)
	t.Send(me, summaryText(rep))
	t.Queue(bot.Outgoing{To: me, Text: fallback, Secret: w.d.Link != nil,
		File: &bot.File{Name: FileName(community, rep.Month), Data: book.Bytes()}})
	if t.InGroup() {
		t.Reply("台账已私信发给您。")
	}
	return nil
}

// month is the month 导出 asks for: this month by default, 上月, or one
// written as 2026-11.
func (w *Workflow) month(t *bot.Turn) (string, error) {
	now := t.Now.In(t.Loc)
	switch arg := strings.TrimSpace(t.Args); arg {
	case "", "本月", "这个月":
		return now.Format("2006-01"), nil
	case "上月", "上个月":
		return time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, t.Loc).Format("2006-01"), nil
	default:
		if _, _, err := ParseMonth(arg, t.Loc); err != nil {
			return "", bot.Userf("月份请写成这样：导出 2026-11")
		}
		return arg, nil
	}
}

func hoursText(rows []HoursRow) string {
	var h float64
	for _, r := range rows {
		h += r.Hours
	}
	return CellText(h)
}

// safeName keeps a community name usable in a file name.
func safeName(s string) string {
	if s == "" {
		return "全部"
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>| `, r) {
			return '_'
		}
		return r
	}, s)
}
