package volunteer_test

import (
	"fmt"
	"testing"

	"linli/workflows/volunteer"
)

// BenchmarkRequestTurn is one 求助 through the router: extraction, the task
// row, ranking 50 volunteers, the coordinator notice and the outbox, in one
// transaction on SQLite.
func BenchmarkRequestTurn(b *testing.B) {
	f := newFixture(b, volunteer.Config{WeeklyCap: 1000})
	f.coordinator("李主任")
	for i := 0; i < 50; i++ {
		f.say(group, fmt.Sprintf("志愿者%02d", i), fmt.Sprintf("志愿者登记 陪诊、跑腿、修家电，每天都有空，住%d号楼", 1+i%20))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		f.say(group, "王奶奶", fmt.Sprintf("求助 明天上午9点要去医院复查，想找人陪我去，住%d号楼", 1+i%20))
	}
}
