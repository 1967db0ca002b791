package bot

import "testing"

func TestCalledByNameNeedsAPauseAfterTheName(t *testing.T) {
	r := &Router{BotName: "社区小助手"}
	for text, want := range map[string]bool{
		"小助手 电池是什么垃圾":     true,
		"社区小助手，明天停水吗":     true,
		"小助手小助手 下礼拜二谁能陪我": true,
		"小助手真好用":          false,
		"小助手我也报一个 周末有空":   true,
		"小助手帮我查查积分":       true,
		"小助手我觉得挺好用":       false,
		"小助手":             false,
		"今天小助手说要打卡":       false,
	} {
		if got := r.calledByName(text); got != want {
			t.Errorf("calledByName(%q) = %v, want %v", text, got, want)
		}
	}
}
