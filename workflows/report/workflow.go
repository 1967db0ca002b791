package report

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"linli/bot"
)

// Workflow answers a coordinator's 导出: it writes the community's ledger
// for a month to the export directory and says where the file is.
type Workflow struct {
	cfg Config
	d   Deps
}

// Config are the workflow's settings.
type Config struct {
	// Dir is where exports are written ("exports" by default, relative to
	// where linli runs).
	Dir string
}

// Deps are the workflow's collaborators.
type Deps struct {
	Store Store
}

// New builds the workflow.
func New(cfg Config, d Deps) (*Workflow, error) {
	if d.Store == nil {
		return nil, errors.New("new report workflow: store is required")
	}
	return &Workflow{cfg: cfg, d: d}, nil
}

// Register adds the 导出 command.
func (w *Workflow) Register(r bot.Registry) {
	r.AddCommand(bot.Command{Keywords: []string{"导出", "导出台账"}, Role: bot.Coordinator,
		Help: "导出 [2026-11] — 导出本月（或指定月份）的志愿台账Excel", Handle: w.export})
}

func (w *Workflow) export(ctx context.Context, t *bot.Turn) error {
	now := t.Now.In(t.Loc)
	month := now.Format("2006-01")
	switch arg := strings.TrimSpace(t.Args); arg {
	case "", "本月":
	case "上月", "上个月":
		month = time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, t.Loc).Format("2006-01")
	default:
		if _, _, err := ParseMonth(arg, t.Loc); err != nil {
			return bot.Userf("月份请写成这样：导出 2026-11")
		}
		month = arg
	}
	community := t.Chat.Community
	rep, err := Build(ctx, w.d.Store, community, month, t.Loc)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	dir := w.cfg.Dir
	if dir == "" {
		dir = "exports"
	}
	name := fmt.Sprintf("台账-%s-%s.xlsx", safeName(community), rep.Month)
	path := filepath.Join(dir, name)
	if err := rep.SaveXLSX(path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	text := fmt.Sprintf("%s %s 台账已导出：%s\n任务%d单，志愿者%d人，确认时长%s小时。", community, rep.Month, path,
		len(rep.Tasks), len(rep.Hours), hoursText(rep.Hours))
	t.ReplyPrivately(text)
	if t.InGroup() {
		t.Reply("台账已导出，文件位置已私信发给您。")
	}
	return nil
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
