package volunteer

import (
	"bufio"
	"fmt"
	"math"
	"math/rand"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

type matchCase struct {
	line       int
	text       string
	requester  string
	acceptable []string
}

// loadMatching reads testdata/matching.txt: the volunteer pool with their
// history, and the labelled requests.
func loadMatching(t *testing.T) ([]Volunteer, map[int64]Load, map[string]int64, []matchCase) {
	t.Helper()
	f, err := os.Open("testdata/matching.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var vols []Volunteer
	loads := map[int64]Load{}
	ids := map[string]int64{"王奶奶": 1000}
	var cases []matchCase
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "V "):
			c := strings.Split(line[2:], "|")
			if len(c) != 7 {
				t.Fatalf("matching.txt:%d: want 7 fields", n)
			}
			for i := range c {
				c[i] = strings.TrimSpace(c[i])
			}
			id := int64(len(vols) + 1)
			skills, avail, estate, building, wcap := ParseProfile(c[1])
			if wcap == 0 {
				wcap = 3
			}
			vols = append(vols, Volunteer{MemberID: id, Name: c[0], Skills: skills, Avail: avail, Estate: estate,
				Building: building, WeeklyCap: wcap, Status: Active})
			ids[c[0]] = id
			num := func(s string) int {
				v, err := strconv.Atoi(s)
				if err != nil {
					t.Fatalf("matching.txt:%d: %q is not a number", n, s)
				}
				return v
			}
			r := strings.Split(c[6], "/")
			loads[id] = Load{Recent: num(c[2]), RecentHours: 1.5 * float64(num(c[2])), Week: num(c[3]),
				Completed: num(c[4]), Dropped: num(c[5]), RatingSum: num(r[0]), RatingN: num(r[1])}
		case strings.HasPrefix(line, "C "):
			c := strings.Split(line[2:], "|")
			if len(c) != 3 {
				t.Fatalf("matching.txt:%d: want 3 fields", n)
			}
			mc := matchCase{line: n, text: strings.TrimSpace(c[0]), requester: strings.TrimSpace(c[1])}
			if a := strings.TrimSpace(c[2]); a != "-" {
				mc.acceptable = strings.Split(a, ",")
			}
			cases = append(cases, mc)
		}
	}
	return vols, loads, ids, cases
}

// TestMatchingScenarios holds the ranking to the coordinators' choices: the
// first candidate must be one they would accept (or nobody, when nobody
// fits).
func TestMatchingScenarios(t *testing.T) {
	vols, loads, ids, cases := loadMatching(t)
	if len(cases) < 100 {
		t.Fatalf("%d matching scenarios, want at least 100", len(cases))
	}
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, shanghai)
	ok := 0
	for _, c := range cases {
		req := ExtractRules(c.text, now)
		task := Task{ID: 1, RequesterID: ids[c.requester], Request: req}
		ranked := Rank(task, vols, loads, shanghai)
		got := "-"
		if len(ranked) > 0 {
			got = ranked[0].Volunteer.Name
		}
		good := (len(c.acceptable) == 0 && got == "-")
		for _, a := range c.acceptable {
			if a == got {
				good = true
			}
		}
		if good {
			ok++
		} else {
			t.Logf("line %d: top-1 %s (%s, %s), acceptable %v: %s", c.line, got, req.Category, DescribeWindow(req.Window, now), c.acceptable, c.text)
		}
	}
	rate := 100 * float64(ok) / float64(len(cases))
	fmt.Printf("matching (%d scenarios): top-1 acceptable %.1f%%\n", len(cases), rate)
	if rate < 90 {
		t.Errorf("top-1 acceptable %.1f%%, want at least 90%%", rate)
	}
}

// gini is the Gini coefficient of xs: 0 when everyone carries the same
// load, near 1 when one carries all.
func gini(xs []float64) float64 {
	n := float64(len(xs))
	var sum, diff float64
	for _, a := range xs {
		sum += a
		for _, b := range xs {
			diff += math.Abs(a - b)
		}
	}
	if sum == 0 {
		return 0
	}
	return diff / (2 * n * sum)
}

// simulateMonth assigns 300 requests over 30 days to the top-ranked
// volunteer of a 30-strong pool and returns each volunteer's load and how
// many requests found nobody.
func simulateMonth(seed int64, eager bool) ([]float64, int) {
	rng := rand.New(rand.NewSource(seed))
	// Demand per category, roughly as communities report it.
	demand := []struct {
		s Skill
		w int
	}{{Errands, 22}, {Medical, 16}, {Companion, 14}, {Repair, 12}, {Tech, 10}, {Cleaning, 7}, {Moving, 6}, {Children, 5}, {Disability, 3}, {Legal, 2}, {Counselling, 2}, {Other, 1}}
	total := 0
	for _, d := range demand {
		total += d.w
	}
	pick := func() Skill {
		r := rng.Intn(total)
		for _, d := range demand {
			if r < d.w {
				return d.s
			}
			r -= d.w
		}
		return Other
	}
	// A pool whose skills follow demand: two or three skills each, three to
	// six free slots, living in 20 buildings.
	var vols []Volunteer
	for i := 0; i < 30; i++ {
		seen := map[Skill]bool{}
		var skills []Skill
		for len(skills) < 2+rng.Intn(2) {
			if s := pick(); s != Other && !seen[s] {
				seen[s] = true
				skills = append(skills, s)
			}
		}
		var avail Availability
		for bits := 0; bits < 3+rng.Intn(4); bits++ {
			avail |= 1 << uint(rng.Intn(6))
		}
		vols = append(vols, Volunteer{MemberID: int64(i + 1), Name: fmt.Sprintf("v%02d", i+1), Skills: skills, Avail: avail,
			Building: strconv.Itoa(1 + rng.Intn(20)), WeeklyCap: 3, Status: Active})
	}
	if eager {
		// One volunteer who can do everything, any time, in the middle of
		// the buildings: without fairness they would get most tasks.
		vols[0].Skills, vols[0].Avail, vols[0].WeeklyCap = Skills()[:11], Anytime, 7
	}
	type done struct {
		vol int64
		at  time.Time
	}
	var history []done
	start := time.Date(2026, 11, 1, 8, 0, 0, 0, shanghai)
	unmatched := 0
	for i := 0; i < 300; i++ {
		now := start.Add(time.Duration(i) * 30 * 24 * time.Hour / 300)
		day := now.AddDate(0, 0, 1+rng.Intn(3))
		part := []int{8, 13, 18}[rng.Intn(3)]
		ws := time.Date(day.Year(), day.Month(), day.Day(), part, 0, 0, 0, shanghai)
		task := Task{ID: int64(i + 1), RequesterID: 9999, Request: Request{Category: pick(),
			Window: Window{Start: ws, End: ws.Add(4 * time.Hour)}, Place: Place{Building: strconv.Itoa(1 + rng.Intn(20)), BuildingWord: "号楼"}}}
		loads := map[int64]Load{}
		for _, h := range history {
			l := loads[h.vol]
			if now.Sub(h.at) <= 30*24*time.Hour {
				l.Recent++
				l.RecentHours += 1.5
			}
			if now.Sub(h.at) <= 7*24*time.Hour {
				l.Week++
			}
			l.Completed++
			loads[h.vol] = l
		}
		ranked := Rank(task, vols, loads, shanghai)
		if len(ranked) == 0 {
			unmatched++
			continue
		}
		history = append(history, done{ranked[0].Volunteer.MemberID, now})
	}
	count := map[int64]float64{}
	for _, h := range history {
		count[h.vol]++
	}
	out := make([]float64, len(vols))
	for i, v := range vols {
		out[i] = count[v.MemberID]
	}
	sort.Float64s(out)
	return out, unmatched
}

// TestMonthFairness: over a simulated month of 300 requests the load is
// spread (Gini at most 0.3), so the same eager volunteer does not get
// everything.
func TestMonthFairness(t *testing.T) {
	for _, eager := range []bool{false, true} {
		load, unmatched := simulateMonth(6, eager)
		g := gini(load)
		fmt.Printf("simulated month (300 requests, 30 volunteers, one eager all-rounder: %v): Gini of volunteer load %.3f, min %.0f, max %.0f tasks, %d requests found nobody\n",
			eager, g, load[0], load[len(load)-1], unmatched)
		if g > 0.3 {
			t.Errorf("eager %v: Gini of volunteer load %.3f, want at most 0.3 (loads %v)", eager, g, load)
		}
	}
}

func TestGini(t *testing.T) {
	cases := []struct {
		xs   []float64
		want float64
	}{
		{[]float64{5, 5, 5, 5}, 0},
		{[]float64{0, 0, 0, 4}, 0.75},
		{[]float64{1, 2, 3, 4}, 0.25},
	}
	for _, c := range cases {
		if got := gini(c.xs); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("gini(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
}
