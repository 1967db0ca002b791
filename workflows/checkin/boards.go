package checkin

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"linli/bot"
)

const boardSize = 10

// ranked is a challenge leaderboard: rows in order with their rank and
// streak.
type ranked struct {
	rows    []BoardRow
	ranks   []int
	streaks []int
}

// rankBoard orders a challenge's members by points, then current streak.
// Streaks are looked up only for the members who can reach the top ten
// (and the asker), not the whole group.
func (w *Workflow) rankBoard(ctx context.Context, c Challenge, today Day, asker int64) (ranked, int, error) {
	rows, err := w.store.Board(ctx, c.ID)
	if err != nil {
		return ranked{}, 0, err
	}
	cut := len(rows)
	if cut > boardSize {
		cut = boardSize
		for cut < len(rows) && rows[cut].Points == rows[boardSize-1].Points {
			cut++
		}
	}
	top := rows[:cut]
	streak := make(map[int64]int, cut+1)
	for _, r := range top {
		p, err := w.store.Progress(ctx, c.ID, r.MemberID)
		if err != nil {
			return ranked{}, 0, err
		}
		streak[r.MemberID] = Streak(p.Days, today)
	}
	slices.SortStableFunc(top, func(a, b BoardRow) int {
		if a.Points != b.Points {
			return cmp.Compare(b.Points, a.Points)
		}
		return cmp.Compare(streak[b.MemberID], streak[a.MemberID])
	})
	var out ranked
	for i, r := range top[:min(boardSize, len(top))] {
		rank := i + 1
		if i > 0 && r.Points == top[i-1].Points && streak[r.MemberID] == streak[top[i-1].MemberID] {
			rank = out.ranks[i-1]
		}
		out.rows = append(out.rows, r)
		out.ranks = append(out.ranks, rank)
		out.streaks = append(out.streaks, streak[r.MemberID])
	}
	// The asker's rank among everyone: one more than those with more
	// points, or their place in the top ten.
	askerRank := 0
	for i, r := range out.rows {
		if r.MemberID == asker {
			askerRank = out.ranks[i]
		}
	}
	for _, r := range rows {
		if askerRank > 0 || r.MemberID != asker {
			continue
		}
		askerRank = 1
		for _, o := range rows {
			if o.Points > r.Points {
				askerRank++
			}
		}
	}
	return out, askerRank, nil
}

func (r ranked) text(title string) string {
	var b strings.Builder
	b.WriteString(title)
	for i, row := range r.rows {
		fmt.Fprintf(&b, "\n%d. %s %d分", r.ranks[i], row.Name, row.Points)
		if r.streaks[i] > 0 {
			fmt.Fprintf(&b, " 连续%d天", r.streaks[i])
		}
	}
	return b.String()
}

func (w *Workflow) board(ctx context.Context, t *bot.Turn) error {
	pl, args, err := w.where(ctx, t, t.Args)
	var ue *bot.UserError
	if errors.As(err, &ue) && !t.InGroup() && t.Member.Community != "" {
		// Asked in private by one in several groups (「现在谁分最多」):
		// the community's points.
		return w.pointsBoard(ctx, t, t.Member.Community)
	}
	if err != nil {
		return err
	}
	today := w.today(pl.community, t.Now)
	live, err := w.challenges(ctx, pl.group, today-Day(w.cfg.MakeupWindowDays))
	if errors.As(err, &ue) {
		return w.pointsBoard(ctx, t, pl.community)
	}
	if err != nil {
		return err
	}
	c, ok := byName(live, strings.TrimSpace(args))
	if !ok {
		c = defaultOf(live, today)
	}
	r, rank, err := w.rankBoard(ctx, c, today, t.Member.ID)
	if err != nil {
		return err
	}
	if len(r.rows) == 0 {
		t.Reply(fmt.Sprintf("「%s」还没有人打卡，发送“打卡”当第一名吧！", c.Name))
		return nil
	}
	text := r.text(fmt.Sprintf("「%s」排行榜", c.Name))
	if rank == 0 {
		text += "\n" + t.Member.Name + "：还没有打卡，发送“打卡”加入吧"
	} else {
		p, err := w.store.Progress(ctx, c.ID, t.Member.ID)
		if err != nil {
			return err
		}
		mine := int64(0)
		for _, row := range r.rows {
			if row.MemberID == t.Member.ID {
				mine = row.Points
			}
		}
		if mine == 0 {
			if mine, err = w.challengePoints(ctx, c, t.Member.ID); err != nil {
				return err
			}
		}
		text += fmt.Sprintf("\n%s：第%d名 %d分", t.Member.Name, rank, mine)
		if n := Streak(p.Days, today); n > 0 {
			text += fmt.Sprintf(" 连续%d天", n)
		}
	}
	t.Reply(text)
	return nil
}

// pointsBoard ranks the community by points when no challenge runs.
func (w *Workflow) pointsBoard(ctx context.Context, t *bot.Turn, community string) error {
	top, err := w.store.Standings(ctx, community, boardSize)
	if err != nil {
		return err
	}
	if len(top) == 0 {
		return bot.Userf(noChallenge)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s积分排行榜", community)
	for _, st := range top {
		fmt.Fprintf(&b, "\n%d. %s %d分", st.Rank, st.Name, st.Points)
	}
	me, err := w.store.StandingOf(ctx, community, t.Member.ID)
	if err != nil {
		return err
	}
	if me.Rank > 0 {
		fmt.Fprintf(&b, "\n%s：第%d名 %d分", t.Member.Name, me.Rank, me.Points)
	}
	t.Reply(b.String())
	return nil
}

// challengePoints is one member's points in a challenge, from the board.
func (w *Workflow) challengePoints(ctx context.Context, c Challenge, memberID int64) (int64, error) {
	rows, err := w.store.Board(ctx, c.ID)
	if err != nil {
		return 0, err
	}
	for _, r := range rows {
		if r.MemberID == memberID {
			return r.Points, nil
		}
	}
	return 0, nil
}

// rate is one community's participation.
type rate struct {
	community     string
	checked, seen int
}

func (r rate) percent() int {
	if r.seen == 0 {
		return 0
	}
	return (r.checked*100 + r.seen/2) / r.seen
}

func (r rate) less(o rate) int {
	// Compare exact fractions, not rounded percentages.
	if c := cmp.Compare(o.checked*max(r.seen, 1), r.checked*max(o.seen, 1)); c != 0 {
		return c
	}
	return strings.Compare(r.community, o.community)
}

// communityRates measures every community's participation today and this
// week (Monday to today), in each community's own days.
func (w *Workflow) communityRates(ctx context.Context, now time.Time) (today, week []rate, err error) {
	for _, c := range w.dir.Communities() {
		groups := w.dir.Groups(c.Name)
		if len(groups) == 0 {
			continue
		}
		seen, err := w.store.MembersSeen(ctx, groups...)
		if err != nil {
			return nil, nil, err
		}
		d := w.today(c.Name, now)
		nToday, err := w.store.CheckedInGroups(ctx, groups, d, d)
		if err != nil {
			return nil, nil, err
		}
		nWeek, err := w.store.CheckedInGroups(ctx, groups, d.WeekStart(), d)
		if err != nil {
			return nil, nil, err
		}
		today = append(today, rate{c.Name, nToday, max(seen, nToday)})
		week = append(week, rate{c.Name, nWeek, max(seen, nWeek)})
	}
	slices.SortFunc(today, rate.less)
	slices.SortFunc(week, rate.less)
	return today, week, nil
}

func (w *Workflow) communityBoard(ctx context.Context, t *bot.Turn) error {
	today, week, err := w.communityRates(ctx, t.Now)
	if err != nil {
		return err
	}
	if len(today) == 0 {
		return bot.Userf("还没有登记社区群，暂时没有社区排行。")
	}
	var b strings.Builder
	write := func(title string, rs []rate) {
		b.WriteString(title)
		for i, r := range rs {
			fmt.Fprintf(&b, "\n%d. %s %d%%（%d/%d人）", i+1, r.community, r.percent(), r.checked, r.seen)
		}
	}
	write("社区排行·今日参与率", today)
	b.WriteString("\n")
	write("社区排行·本周参与率", week)
	t.Reply(b.String())
	return nil
}

// Place is a member's row in a challenge's leaderboard.
type Place struct {
	BoardRow
	// Rank counts from 1; members level on points and streak share one.
	Rank   int
	Streak int
}

// Leaderboard is a challenge's top ten as 排行榜 ranks them at now: by
// points, then current streak.
func (w *Workflow) Leaderboard(ctx context.Context, c Challenge, now time.Time) ([]Place, error) {
	r, _, err := w.rankBoard(ctx, c, w.today(c.Community, now), 0)
	if err != nil {
		return nil, fmt.Errorf("leaderboard of challenge %d: %w", c.ID, err)
	}
	out := make([]Place, len(r.rows))
	for i, row := range r.rows {
		out[i] = Place{BoardRow: row, Rank: r.ranks[i], Streak: r.streaks[i]}
	}
	return out, nil
}

// Participation is one community's share of its groups' members who
// checked in.
type Participation struct {
	Community     string
	Checked, Seen int
	Percent       int
}

// CommunityRates is 社区排行: every community's participation today and
// this week, best first, as the chat command ranks them.
func (w *Workflow) CommunityRates(ctx context.Context, now time.Time) (today, week []Participation, err error) {
	t, wk, err := w.communityRates(ctx, now)
	if err != nil {
		return nil, nil, fmt.Errorf("community rates: %w", err)
	}
	conv := func(rs []rate) []Participation {
		out := make([]Participation, len(rs))
		for i, r := range rs {
			out[i] = Participation{Community: r.community, Checked: r.checked, Seen: r.seen, Percent: r.percent()}
		}
		return out
	}
	return conv(t), conv(wk), nil
}
