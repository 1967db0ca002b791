package checkin_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/workflows/checkin"
)

// model is what the rules say should happen, kept by the test on its own:
// each member's days, bonuses paid and points, so the workflow's reports
// and the ledger can be checked against it.
type model struct {
	cfg        checkin.Config
	start, end checkin.Day
	members    map[string]*modelMember
}

type modelMember struct {
	days      map[checkin.Day]bool
	makeups   int
	points    int64
	bonus     map[int]bool
	done      bool
	shared    map[checkin.Day]bool
	firstSeen checkin.Day
}

func (m *modelMember) sorted() []checkin.Day {
	out := make([]checkin.Day, 0, len(m.days))
	for d := range m.days {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// run counts consecutive days through d, the slow obvious way.
func (m *modelMember) run(d checkin.Day) int {
	if !m.days[d] {
		return 0
	}
	n := 1
	for x := d - 1; m.days[x]; x-- {
		n++
	}
	for x := d + 1; m.days[x]; x++ {
		n++
	}
	return n
}

func (m *modelMember) streak(today checkin.Day) int {
	if m.days[today] {
		return m.run(today)
	}
	return m.run(today - 1)
}

func (md *model) add(m *modelMember, d checkin.Day, makeup bool) int {
	m.days[d] = true
	if makeup {
		m.points += md.cfg.MakeupPoints
		m.makeups++
	} else {
		m.points += md.cfg.CheckinPoints
	}
	r := m.run(d)
	for n, pts := range md.cfg.StreakBonuses {
		if r >= n && !m.bonus[n] {
			m.bonus[n] = true
			m.points += pts
		}
	}
	if len(m.days) >= int(md.end-md.start+1) && !m.done {
		m.done = true
		m.points += md.cfg.CompletionBonus
	}
	return len(m.days)
}

var (
	sequencesFlag = flag.Int("sequences", 0, "random sequences for the ledger property test (default 1000, 120 with -short or -race)")
	seedFlag      = flag.Uint64("seed", 0, "replay the ledger property test with this seed (printed by a failing run)")
)

var (
	mineRe = regexp.MustCompile(`(\S+)的积分：(\d+)(?:（社区第\d+名）)?\n  「垃圾分类」已打卡(\d+)/21天，连续(\d+)天，(?:今天(已|还没)打卡，)?补卡剩(\d+)次`)
	ackRe  = regexp.MustCompile(`打卡动态：(.*)\n`)
)

// TestRandomSequencesAgreeWithTheLedger plays random sequences of
// check-ins (at any hour, repeated, redelivered), make-ups, shares and
// questions, each in its own group and community, and checks along the way
// that what the bot reports (acks' day counts, 我的积分) matches the model,
// and that balances and streaks recomputed from the ledger and the
// check-ins match what was reported.
func TestRandomSequencesAgreeWithTheLedger(t *testing.T) {
	sequences := 1000
	if testing.Short() || raceEnabled {
		sequences = 120
	}
	if *sequencesFlag > 0 {
		sequences = *sequencesFlag
	}
	const workers = 4
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	// Points other than the defaults, so that the model and the workflow
	// can only agree by both reading the configuration.
	odd := checkin.DefaultConfig()
	odd.CheckinPoints, odd.MakeupPoints, odd.SharePoints, odd.CompletionBonus = 7, 3, 2, 61
	odd.StreakBonuses = map[int]int64{3: 4, 10: 9, 21: 15}
	configs := []checkin.Config{checkin.DefaultConfig(), odd}
	for w := range workers {
		cfg := configs[w%len(configs)]
		t.Run(fmt.Sprintf("worker%d", w), func(t *testing.T) {
			t.Parallel()
			defer func() {
				if t.Failed() {
					t.Logf("replay with: go test ./workflows/checkin -run RandomSequences -seed %d -sequences %d", seed, sequences)
				}
			}()
			playSequences(t, cfg, rand.New(rand.NewPCG(seed, uint64(w))), sequences/workers)
		})
	}
}

func playSequences(t *testing.T, cfg checkin.Config, rng *rand.Rand, sequences int) {
	p := newProgram(t, "", cfg)
	loc := shanghai()
	now := p.clock.Now()
	completed, bonus14 := 0, 0
	defer func() {
		t.Logf("%d sequences: %d members completed, %d reached 14 days in a row", sequences, completed, bonus14)
	}()
	for seq := range sequences {
		group, community := fmt.Sprintf("群%d", seq), fmt.Sprintf("社区%d", seq)
		admin := fmt.Sprintf("主任%d", seq)
		var b strings.Builder
		fmt.Fprintf(&b, "@group %s community=%s\n@admin %s community=%s\n", group, community, admin, community)
		// Start the challenge just after the day begins.
		now = now.Add(24 * time.Hour).Truncate(time.Hour)
		for now.In(loc).Hour() != 9 {
			now = now.Add(time.Hour)
		}
		fmt.Fprintf(&b, "@now %s\n[%s] %s: 发起打卡 垃圾分类 21天\n", now.In(loc).Format("2006-01-02 15:04"), group, admin)
		p.play(b.String())
		today := checkin.DayOf(now, loc, 4)
		md := &model{cfg: cfg, start: today, end: today + 20, members: map[string]*modelMember{}}
		names := make([]string, 2+rng.IntN(3))
		for i := range names {
			names[i] = fmt.Sprintf("居民%d_%d", seq, i)
		}
		pendingAcks := map[string]int{}
		step := func(script string) string {
			out := p.play(script)
			for _, m := range ackRe.FindAllStringSubmatch(out, -1) {
				for _, item := range strings.Split(m[1], "、") {
					if strings.Contains(item, "第") {
						item = strings.TrimSuffix(item, "📷")
						if i := strings.Index(item, "（"); i >= 0 {
							item = item[:i]
						}
						pendingAcks[item]--
						if pendingAcks[item] < 0 {
							t.Fatalf("seq %d: unexpected ack %q in %q", seq, item, out)
						}
					}
				}
			}
			return out
		}
		// Most sequences wander (a few hours to a day between events); some
		// keep a daily rhythm with one member, long enough to reach the
		// streak bonuses and the end of the challenge.
		events, daily := 10+rng.IntN(30), rng.IntN(3) == 0
		if daily {
			events, names = 22+rng.IntN(8), names[:1]
		}
		for i := range events {
			gap := time.Duration(rng.IntN(20*60)+1) * time.Minute
			switch {
			case i == 0:
				gap = time.Duration(rng.IntN(60)+1) * time.Minute
			case daily:
				gap = time.Duration(22*60+rng.IntN(4*60)) * time.Minute
			}
			now = now.Add(gap)
			today = checkin.DayOf(now, loc, 4)
			if today > md.end+2 {
				break
			}
			name := names[rng.IntN(len(names))]
			m := md.members[name]
			if m == nil {
				m = &modelMember{days: map[checkin.Day]bool{}, bonus: map[int]bool{}, shared: map[checkin.Day]bool{}, firstSeen: today}
				md.members[name] = m
			}
			at := fmt.Sprintf("@now %s\n", now.In(loc).Format("2006-01-02 15:04"))
			line := func(text string) string { return fmt.Sprintf("%s[%s] %s: %s\n", at, group, name, text) }
			k := rng.IntN(10)
			if daily { // mostly check-ins, now and then a make-up or a question
				switch r := rng.IntN(20); {
				case r < 18:
					k = 0
				case r == 18:
					k = 5
				default:
					k = 9
				}
			}
			switch {
			case k < 5: // check in, sometimes redelivered
				script := line("打卡")
				if rng.IntN(4) == 0 {
					script += "@redeliver\n"
				}
				if today <= md.end && !m.days[today] {
					n := md.add(m, today, false)
					pendingAcks[fmt.Sprintf("%s 第%d天", name, n)]++
				}
				step(script)
			case k < 7: // make up the latest missed day
				out := step(line("补卡"))
				var want checkin.Day = -1
				if m.makeups < 2 {
					for d := min(today-1, md.end); d >= max(m.firstSeen, today-3, md.start); d-- {
						if !m.days[d] {
							want = d
							break
						}
					}
				}
				if want >= 0 {
					md.add(m, want, true)
					if !strings.Contains(out, "补卡成功：「垃圾分类」"+want.String()) {
						t.Fatalf("seq %d: %s 补卡 on %v should fill %v, bot said %q", seq, name, today, want, out)
					}
				} else if strings.Contains(out, "补卡成功") {
					t.Fatalf("seq %d: %s 补卡 on %v should fail, bot said %q", seq, name, today, out)
				}
			case k < 8: // share a tip
				step(line("分享 厨余垃圾要先沥干水分再投放哦"))
				if !m.shared[today] {
					m.shared[today] = true
					m.points += cfg.SharePoints
				}
			default: // ask
				out := step(line("我的积分"))
				got := mineRe.FindStringSubmatch(out)
				if got == nil {
					if today > md.end+3 { // the challenge is no longer shown
						continue
					}
					t.Fatalf("seq %d: 我的积分 answer not understood: %q", seq, out)
				}
				bal, _ := strconv.ParseInt(got[2], 10, 64)
				daysIn, _ := strconv.Atoi(got[3])
				streak, _ := strconv.Atoi(got[4])
				cards, _ := strconv.Atoi(got[6])
				// While the challenge runs the reply says whether today's
				// check-in is done; after, it says nothing of today.
				running := today >= md.start && today <= md.end
				if wantToday := map[bool]string{true: "已", false: "还没"}[m.days[today]]; running && got[5] != wantToday || !running && got[5] != "" {
					t.Fatalf("seq %d day %d: %s told today %q, model checked in today %v (running %v)\n%s", seq, today-md.start, name, got[5], m.days[today], running, out)
				}
				if bal != m.points || daysIn != len(m.days) || streak != m.streak(today) || cards != 2-m.makeups {
					t.Fatalf("seq %d day %d: %s reported balance %d, days %d, streak %d, cards %d; model %d, %d, %d, %d\n%s",
						seq, today-md.start, name, bal, daysIn, streak, cards, m.points, len(m.days), m.streak(today), 2-m.makeups, out)
				}
				checkAgainstStore(t, p, group, community, name, m, bal, streak, today)
			}
		}
		// Let the last acks go out, then close the challenge.
		now = now.Add(10 * time.Minute)
		step(fmt.Sprintf("@now %s\n[%s] %s: 结束打卡\n", now.In(loc).Format("2006-01-02 15:04"), group, admin))
		for item, n := range pendingAcks {
			if n != 0 {
				t.Fatalf("seq %d: ack %q expected %d more times", seq, item, n)
			}
		}
		for name, m := range md.members {
			checkAgainstStore(t, p, group, community, name, m, m.points, m.streak(today), today)
			if m.done {
				completed++
			}
			if m.bonus[14] {
				bonus14++
			}
		}
	}
}

// checkAgainstStore recomputes a member's balance from the ledger and
// streak from the stored check-ins and compares with what was reported.
func checkAgainstStore(t *testing.T, p *program, group, community, name string, m *modelMember, balance int64, streak int, today checkin.Day) {
	t.Helper()
	var id, sum int64
	err := p.db.SQL().QueryRow(`SELECT m.id, coalesce((SELECT sum(amount) FROM points_ledger l WHERE l.member_id = m.id AND l.community = ?), 0)
		FROM members m JOIN member_links k ON k.member_id = m.id WHERE k.group_name = ? AND k.display_name = ?`,
		community, group, name).Scan(&id, &sum)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if sum != balance {
		t.Fatalf("%s: ledger sums to %d, reported %d", name, sum, balance)
	}
	rows, err := p.db.SQL().QueryContext(context.Background(), `SELECT k.day FROM checkins k JOIN challenges c ON c.id = k.challenge_id
		WHERE c.group_name = ? AND k.member_id = ?`, group, id)
	if err != nil {
		t.Fatal(err)
	}
	stored := &modelMember{days: map[checkin.Day]bool{}}
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		stored.days[checkin.Day(d)] = true
	}
	rows.Close()
	if got := stored.streak(today); got != streak {
		t.Fatalf("%s: streak from stored check-ins %d, reported %d (days %v)", name, got, streak, stored.sorted())
	}
	if len(stored.days) != len(m.days) {
		t.Fatalf("%s: %d stored check-ins, model has %d", name, len(stored.days), len(m.days))
	}
}
