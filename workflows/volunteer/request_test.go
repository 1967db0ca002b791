package volunteer

import "testing"

// TestReadsAsRequest: free text addressed to the bot becomes a task only
// when it asks for someone's help.
func TestReadsAsRequest(t *testing.T) {
	cases := []struct {
		text string
		want bool
	}{
		{"我家老人腿脚不便，明天上午想找人帮忙去医院拿药", true},
		{"卫生间水管爆了，急！", true},
		{"谁能帮我修下水龙头", true},
		{"明天下午想找人陪我聊聊天", true},
		{"垃圾怎么分", false},
		{"电池是什么垃圾", false},
		{"帮我查下我的积分", false},
		{"帮我看看打卡排行", false},
		{"邻居装修太吵怎么办？", false},
		{"你好", false},
		{"今天天气真好", false},
		{"谢谢", false},
	}
	for _, c := range cases {
		if got := readsAsRequest(c.text); got != c.want {
			t.Errorf("readsAsRequest(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
