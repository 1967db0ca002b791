package volunteer

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkExtractRules is the rules-only reading of one request.
func BenchmarkExtractRules(b *testing.B) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, shanghai)
	text := "我家老人腿脚不便，明天上午9点想找人帮忙去医院拿药，住3号楼2单元301，电话13812345678"
	b.ReportAllocs()
	for b.Loop() {
		ExtractRules(text, now)
	}
}

// BenchmarkRank ranks a pool of 200 volunteers for one task.
func BenchmarkRank(b *testing.B) {
	var vols []Volunteer
	loads := map[int64]Load{}
	skills := Skills()
	for i := 0; i < 200; i++ {
		vols = append(vols, Volunteer{MemberID: int64(i + 1), Name: fmt.Sprintf("v%d", i), Skills: []Skill{skills[i%11], skills[(i+3)%11]},
			Avail: Availability(1 + i%63), Building: fmt.Sprint(1 + i%20), WeeklyCap: 3, Status: Active})
		loads[int64(i+1)] = Load{Recent: i % 7, RecentHours: float64(i % 9), Week: i % 3, Completed: i % 11, Dropped: i % 2, RatingSum: 4 * (i % 11), RatingN: i % 11}
	}
	ws := time.Date(2026, 11, 25, 8, 0, 0, 0, shanghai)
	task := Task{RequesterID: 9999, Request: Request{Category: Medical, Window: Window{Start: ws, End: ws.Add(4 * time.Hour)}, Place: Place{Building: "3"}}}
	b.ReportAllocs()
	for b.Loop() {
		Rank(task, vols, loads, shanghai)
	}
}
