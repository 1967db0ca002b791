package intent

import (
	"fmt"
	"slices"
	"testing"
)

func memoResolver(t *testing.T) *Resolver {
	t.Helper()
	r, err := New([]Decl{
		{Name: "checkin", Keywords: []string{"打卡"}, Shape: NoArgs, Cues: []string{`^今天的?卡打(上|好)`}},
		{Name: "points", Keywords: []string{"我的积分"}, Shape: NoArgs, Asks: true, Hints: []string{`积分.*多少`}},
		{Name: "admin", Keywords: []string{"发起打卡"}, Shape: Free, Role: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestMemoReadsAsAfresh holds that a remembered reading is the reading:
// the same text read again, by the same or another role, resolves as a
// resolver that never saw it does, and a caller changing what it was given
// changes nothing for the next.
func TestMemoReadsAsAfresh(t *testing.T) {
	r := memoResolver(t)
	texts := []string{"打卡", "今天的卡打上了", "我的积分有多少", "发起打卡 垃圾分类", "随便聊聊"}
	for range 3 {
		for _, text := range texts {
			for _, role := range []int{0, 2} {
				got := r.Resolve(text, role)
				want := memoResolver(t).Resolve(text, role)
				if !slices.Equal(got, want) {
					t.Errorf("Resolve(%q, %d) read again = %+v; read afresh %+v", text, role, got, want)
				}
				for i := range got {
					got[i].Score, got[i].Args = -1, "changed"
				}
			}
		}
	}
	if got := r.Resolve("发起打卡 垃圾分类", 0); len(got) > 0 && got[0].Name == "admin" {
		t.Errorf("a resident's reading of a coordinator's command, after the coordinator's: %+v", got)
	}
}

// TestMemoIsBounded holds that a stream of distinct messages does not grow
// the memo without end.
func TestMemoIsBounded(t *testing.T) {
	r := memoResolver(t)
	for i := range 3 * memoSize {
		r.Resolve(fmt.Sprintf("打卡%d", i), 0)
	}
	if n := len(r.memo.m); n > memoSize {
		t.Errorf("memo holds %d readings after %d distinct messages; want at most %d", n, 3*memoSize, memoSize)
	}
}
