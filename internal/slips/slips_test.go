package slips

import "testing"

// TestFix: a slip in the law's words is mapped, and the real words
// that hold one are kept.
func TestFix(t *testing.T) {
	for in, want := range map[string]string{
		"借的钱拿车抵压了":       "借的钱拿车抵押了",
		"楼上漏水找谁陪":        "楼上漏水找谁赔",
		"在公正处立的遗瞩能改吗":    "在公证处立的遗嘱能改吗",
		"欠帐不还":           "欠账不还",
		"男方说在婚前给的首付":     "男方说在婚前给的首付",
		"露营的帐篷被邻居弄坏了":    "露营的帐篷被邻居弄坏了",
		"俺爹走了房子咋分":       "我爸走了房子怎么分",
		"下班陪老人去医院":       "下班陪老人去医院",
		"爸妈赠予我的房子离婚分不分":  "爸妈赠与我的房子离婚分不分",
		"佢屋企漏水漏到我家 点算":   "他家漏水漏到我家 怎么办",
		"你帮我查下佢微信号得唔得":   "你帮我查下他微信号行不行",
		"我想搵个义工陪阿妈睇医生":   "我想找个志愿者陪妈看医生",
		"劳动仲裁要重点解决什么":    "劳动仲裁要重点解决什么",
		"装修返工谁出钱":        "装修返工谁出钱",
		"补卡的卡是怎么得来的":     "补卡的卡是怎么得来的",
		"么得人管":           "没有人管",
		"你是搞么斯的 有冇得活动":   "你是干什么的 有没有活动",
		"这个小助手么样用 怎么样才行": "这个小助手怎么样用 怎么样才行",
		"巧克力过期了能退吗":      "巧克力过期了能退吗",
	} {
		if got := Fix(in); got != want {
			t.Errorf("Fix(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkFix is the cost of the map on a resident's run-on question.
func BenchmarkFix(b *testing.B) {
	q := "我爸前年走了没留遗瞩 俺娘和我们兄弟三个人 房子写的是我爸的名字 现在我哥要把房子卖了 钱他一个人拿 这样咋办 能去起述他吗"
	for b.Loop() {
		Fix(q)
	}
}
