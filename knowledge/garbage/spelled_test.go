package garbage

import (
	"slices"
	"testing"
)

func TestRespellPutsTheKnownNameWhereItsSoundIs(t *testing.T) {
	c := New(Builtin())
	for _, tc := range []struct{ in, want string }{
		{"店池呢", "电池呢"},
		{"鸡旦壳是干的还是湿的", "鸡蛋壳是干的还是湿的"},
		{"除鱼垃圾要破袋吗", "厨余垃圾要破袋吗"},
		// Rightly written, or nothing sounding like a name: unchanged.
		{"电池是什么垃圾", "电池是什么垃圾"},
		{"这事算什么", "这事算什么"},
		{"明天几点开会", "明天几点开会"},
		// 是 asking what a thing is stays 是: 药是 is no 钥匙.
		{"过期的药是什么垃圾 家里一堆", "过期的药是什么垃圾 家里一堆"},
		{"药是不是有害的", "药是不是有害的"},
	} {
		if got := c.Respell(tc.in); got != tc.want {
			t.Errorf("Respell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFindPicksTheKnownItemsOutOfAStory(t *testing.T) {
	c := New(Builtin())
	var names []string
	for _, it := range c.Find("我想问一下我们家吃剩的鸡骨头还有喝完的牛奶盒是扔哪个桶", "", 3) {
		names = append(names, it.Name)
	}
	for _, want := range []string{"鸡骨头", "牛奶盒"} {
		if !slices.Contains(names, want) {
			t.Errorf("Find gave %v, want it to hold %s", names, want)
		}
	}
	if got := c.Find("明天几点开会", "", 3); len(got) != 0 {
		t.Errorf("Find in words with no item gave %v", got)
	}
}
