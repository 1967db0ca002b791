package events_test

import (
	"fmt"
	"testing"
)

// BenchmarkSignUp measures one 报名 through the router and the store: the
// message's transaction, the capacity check over the sign-ups so far, the
// private reply and two reminder timers. The event has no place limit, so
// the list the check reads grows with b.N as on a busy event.
func BenchmarkSignUp(b *testing.B) {
	f := newFixture(b, "2026-12-01 10:00")
	f.coordinator("李主任")
	f.say(group, "李主任", "发起活动 广场舞比赛 12月20日 9:00-11:00 社区广场")
	b.ResetTimer()
	for i := range b.N {
		f.say(group, fmt.Sprintf("居民%d", i), "报名 #1")
	}
}

// BenchmarkVote measures one ballot (a changed vote each time after the
// first) through the router and the store.
func BenchmarkVote(b *testing.B) {
	f := newFixture(b, "2026-12-01 10:00")
	f.coordinator("李主任")
	f.say(group, "李主任", "发起投票 优秀作品评选 选项：1.国画 2.书法 3.摄影 截止12月10日20:00 每人2票")
	b.ResetTimer()
	for i := range b.N {
		f.say(group, fmt.Sprintf("居民%d", i%200), fmt.Sprintf("投票 #1 %d", i%3+1))
	}
}
