package checkin

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"linli/bot"
	"linli/scheduler"
)

// groupRun is a group with the challenges running on its community's day.
type groupRun struct {
	group, community string
	today            Day
	running          []Challenge
}

// zoneJob is a scheduled job's work for the groups of one time zone.
type zoneJob func(ctx context.Context, s scheduler.Slot, groups []groupRun) ([]bot.Outgoing, error)

// inZone runs job for the groups with a challenge running on the slot's day
// whose community lives in loc (or, for the default zone, in a zone
// without jobs of its own).
func (w *Workflow) inZone(loc *time.Location, job zoneJob) func(ctx context.Context, s scheduler.Slot) ([]bot.Outgoing, error) {
	isDefault := loc.String() == w.dir.DefaultLocation.String()
	return func(ctx context.Context, s scheduler.Slot) ([]bot.Outgoing, error) {
		all, err := w.store.AllOpenChallenges(ctx)
		if err != nil {
			return nil, err
		}
		var groups []groupRun
		for _, c := range all {
			cloc := w.dir.Location(c.Community)
			if cloc.String() != loc.String() && !(isDefault && !w.zones[cloc.String()]) {
				continue
			}
			today := DayOf(s.Time, cloc, w.cfg.DayStartHour)
			if today < c.StartDay || today > c.EndDay() {
				continue
			}
			if n := len(groups); n > 0 && groups[n-1].group == c.Group {
				groups[n-1].running = append(groups[n-1].running, c)
				continue
			}
			groups = append(groups, groupRun{group: c.Group, community: c.Community, today: today, running: []Challenge{c}})
		}
		return job(ctx, s, groups)
	}
}

func slotSource(s scheduler.Slot, group string) string {
	return fmt.Sprintf("%s:%s@%d", s.Job, group, s.Time.UnixMilli())
}

// dailySummary posts the day's check-in summary at 21:00 in each group with
// a running challenge.
func (w *Workflow) dailySummary(ctx context.Context, s scheduler.Slot, groups []groupRun) ([]bot.Outgoing, error) {
	var out []bot.Outgoing
	for _, g := range groups {
		checked, seen, err := w.participation(ctx, g.group, g.today)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		fmt.Fprintf(&b, "今日打卡小结（%s）：本群已打卡 %d/%d人", g.today, checked, seen)
		for _, c := range g.running {
			days, err := w.store.Streakers(ctx, c.ID)
			if err != nil {
				return nil, err
			}
			type streaker struct {
				name   string
				id     int64
				streak int
			}
			var best []streaker
			finished := 0
			for id, ds := range days {
				if len(ds) >= c.Days {
					finished++
				}
				if n := Streak(ds, g.today); n >= 2 {
					best = append(best, streaker{id: id, streak: n})
				}
			}
			slices.SortFunc(best, func(a, b streaker) int {
				if a.streak != b.streak {
					return b.streak - a.streak
				}
				return int(a.id - b.id)
			})
			fmt.Fprintf(&b, "\n「%s」第%d天/共%d天", c.Name, int(g.today-c.StartDay)+1, c.Days)
			if len(best) > 0 {
				var names []string
				for _, st := range best[:min(3, len(best))] {
					name, err := w.store.MemberName(ctx, st.id)
					if err != nil {
						return nil, err
					}
					names = append(names, fmt.Sprintf("%s %d天", name, st.streak))
				}
				fmt.Fprintf(&b, "，连续打卡最久：%s", strings.Join(names, "、"))
			}
			if g.today == c.EndDay() {
				fmt.Fprintf(&b, "\n今天是最后一天，%d人完成了全部打卡，谢谢大家！", finished)
			}
		}
		if g.today != g.running[0].EndDay() {
			b.WriteString("\n明天继续加油！")
		}
		out = append(out, bot.Outgoing{To: bot.GroupAddress(g.group), Text: b.String(), Source: slotSource(s, g.group)})
	}
	return out, nil
}

// eveningNudge reminds each group with a running challenge at 20:00,
// naming nobody, and privately nudges the members who asked for it and
// have not checked in.
func (w *Workflow) eveningNudge(ctx context.Context, s scheduler.Slot, groups []groupRun) ([]bot.Outgoing, error) {
	var out []bot.Outgoing
	for _, g := range groups {
		checked, seen, err := w.participation(ctx, g.group, g.today)
		if err != nil {
			return nil, err
		}
		if checked < seen {
			out = append(out, bot.Outgoing{To: bot.GroupAddress(g.group), Source: slotSource(s, g.group),
				Text: fmt.Sprintf("晚上好！还没打卡的邻居，别忘了发送“打卡”哦（本群今日已打卡 %d/%d人）。", checked, seen)})
		}
		ids := make([]int64, len(g.running))
		for i, c := range g.running {
			ids[i] = c.ID
		}
		due, err := w.store.NudgesDue(ctx, g.group, ids, g.today)
		if err != nil {
			return nil, err
		}
		for _, m := range due {
			out = append(out, bot.Outgoing{To: bot.Address{Kind: bot.ToMember, MemberID: m.ID, MemberName: m.Name},
				Source: slotSource(s, g.group), Text: fmt.Sprintf("%s，您今天还没在%s打卡，到群里发送“打卡”就行。", m.Name, g.group)})
		}
	}
	return out, nil
}

// weeklyBoard posts each group's weekly poster (光荣榜) on Monday
// morning, with the leaderboard as its words; a group whose coordinator
// set another time gets it from its own timer instead.
func (w *Workflow) weeklyBoard(ctx context.Context, s scheduler.Slot, groups []groupRun) ([]bot.Outgoing, error) {
	var out []bot.Outgoing
	for _, g := range groups {
		if g.today == g.running[0].StartDay {
			continue // nothing to rank on the first morning
		}
		if spec, err := w.store.PosterSchedule(ctx, g.group); err != nil || spec != "" {
			if err != nil {
				return nil, err
			}
			continue
		}
		o, ok, err := w.poster(ctx, g, s.Time)
		if err != nil {
			return nil, err
		}
		if ok {
			o.Source = slotSource(s, g.group)
			out = append(out, o)
		}
	}
	return out, nil
}
