package volunteer

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Candidate is a volunteer who passed the hard filters for a task, with the
// score that ranks them and the reason a coordinator reads.
type Candidate struct {
	Volunteer Volunteer
	Load      Load
	Score     float64
	// Near says how close they live: 同楼, 同小区 or 同社区.
	Near   string
	Reason string
}

// Weights of the score. Fairness weighs most so that the same eager
// volunteer does not get every task.
const (
	weightSkill    = 2.0
	weightNear     = 2.0
	weightFair     = 3.0
	weightReliable = 1.5
)

// slotsOf returns the availability slots a window touches, in loc.
func slotsOf(w Window, loc *time.Location) Availability {
	if w.IsZero() {
		return Anytime
	}
	var a Availability
	start, end := w.Start.In(loc), w.End.In(loc)
	if !end.After(start) {
		end = start.Add(time.Hour)
	}
	// Walk the window in half-hour steps (at most a week of them).
	for t, n := start, 0; t.Before(end) && n < 7*48; t, n = t.Add(30*time.Minute), n+1 {
		a |= slotAt(t)
	}
	return a
}

// slotAt is the slot a moment falls in; the night counts as evening.
func slotAt(t time.Time) Availability {
	var part uint
	switch h := t.Hour(); {
	case h >= 5 && h < 12:
		part = 0
	case h >= 12 && h < 18:
		part = 1
	default:
		part = 2
	}
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		part += 3
	}
	return 1 << part
}

// Eligible says why a volunteer cannot take a task ("" when they can).
func Eligible(t Task, v Volunteer, l Load, loc *time.Location) string {
	switch {
	case v.Status != Active:
		return "未启用"
	case v.MemberID == t.RequesterID:
		return "是求助人本人"
	case t.Category != Other && !v.HasSkill(t.Category):
		return "技能不符"
	case l.Week >= v.WeeklyCap && v.WeeklyCap > 0:
		return "本周已满"
	}
	avail := v.Avail
	if avail == 0 {
		avail = Anytime
	}
	if slotsOf(t.Window, loc)&avail == 0 {
		return "时间不合"
	}
	return ""
}

// Rank orders the volunteers who can take t, best first.
func Rank(t Task, vols []Volunteer, loads map[int64]Load, loc *time.Location) []Candidate {
	var out []Candidate
	for _, v := range vols {
		l := loads[v.MemberID]
		if Eligible(t, v, l, loc) != "" {
			continue
		}
		c := Candidate{Volunteer: v, Load: l}
		skill := 0.5
		if t.Category != Other {
			// A specialist fits a little better than someone who lists
			// everything.
			skill = math.Max(0.6, 1-0.05*float64(len(v.Skills)-1))
		}
		near := 0.3
		c.Near = "同社区"
		switch {
		case t.Place.Building != "" && v.Building == t.Place.Building && (t.Place.Estate == "" || v.Estate == "" || v.Estate == t.Place.Estate):
			near, c.Near = 1, "同楼"
		case t.Place.Estate != "" && v.Estate == t.Place.Estate:
			near, c.Near = 0.6, "同小区"
		}
		// Fewer tasks and hours in the last 30 days first; the curve is
		// gentle, so a neighbour with a couple of tasks still beats a
		// stranger with none, but not one with several more.
		fair := 0.6*(1-float64(l.Recent)/(float64(l.Recent)+4)) + 0.4*(1-l.RecentHours/(l.RecentHours+6))
		reliable := 0.85
		if rate, ok := l.CompletionRate(); ok {
			reliable = 0.6 * rate
			if l.RatingN > 0 {
				reliable += 0.4 * float64(l.RatingSum) / float64(l.RatingN) / 5
			} else {
				reliable += 0.4 * 0.9
			}
		}
		c.Score = weightSkill*skill + weightNear*near + weightFair*fair + weightReliable*reliable
		c.Reason = reason(c)
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Volunteer.MemberID < out[j].Volunteer.MemberID
	})
	return out
}

func reason(c Candidate) string {
	parts := []string{c.Near, fmt.Sprintf("近30天%d单", c.Load.Recent)}
	if rate, ok := c.Load.CompletionRate(); ok {
		parts = append(parts, fmt.Sprintf("完成率%.0f%%", rate*100))
	} else {
		parts = append(parts, "新志愿者")
	}
	if c.Load.RatingN > 0 {
		parts = append(parts, fmt.Sprintf("评分%.1f", float64(c.Load.RatingSum)/float64(c.Load.RatingN)))
	}
	return strings.Join(parts, "，")
}

// Recommend writes the top three as the coordinators read them:
// "1. 张三（同楼，近30天1单，完成率100%）".
func Recommend(cands []Candidate) string {
	if len(cands) == 0 {
		return "暂无合适的志愿者，请协调员联系派单"
	}
	var b strings.Builder
	for i, c := range cands {
		if i == 3 {
			break
		}
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d. %s（%s）", i+1, c.Volunteer.Name, c.Reason)
	}
	return b.String()
}
