package intent

import "testing"

func TestMatchKeyword(t *testing.T) {
	tests := []struct {
		text, kw string
		loose    bool
		args     string
		ok       bool
	}{
		{"打卡", "打卡", false, "", true},
		{"打卡 垃圾分类", "打卡", false, "垃圾分类", true},
		{"打卡了吗大家", "打卡", false, "了吗大家", true}, // a particle ends the word; the shape rules it out
		{"打卡day5", "打卡", false, "day5", true},
		{"打卡的人真多", "打卡", false, "", false},
		{"报名+1", "报名", false, "+1", true},
		{"接单#12", "接单", false, "#12", true},
		{"投1", "投", false, "1", true},
		{"确认：#3 5", "确认", false, "#3 5", true},
		{"求助我家老人要配药", "求助", true, "我家老人要配药", true},
		{"求助我家老人要配药", "求助", false, "", false},
		{"我的积分", "打卡", false, "", false},
	}
	for _, tt := range tests {
		args, ok := matchKeyword(tt.text, tt.kw, tt.loose)
		if ok != tt.ok || args != tt.args {
			t.Errorf("matchKeyword(%q, %q, %v) = %q, %v; want %q, %v", tt.text, tt.kw, tt.loose, args, ok, tt.args, tt.ok)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"打卡✔", "打卡"},
		{"夜来前晌倒的垃圾 解不下", "昨天上午倒的垃圾 不懂"},
		{"好的 巴雅尔拉", "好的 谢谢"},
		{"我儿媳妇这几天打卡了么", "儿媳妇这几天打卡了吗"},
		{"这是什么 那么", "这是什么 那么"},
		{"百家宴要带碗筷咩", "百家宴要带碗筷吗"},
		{"我要打卡啦！", "打卡"},
		{"已签到✅", "签到"},
		{"今天的卡打上了", "今天的卡打上"},
		{"咋打卡", "怎么打卡"},
		{"俺的积分有多少嘞", "我的积分有多少"},
		{"打卡了吗", "打卡了吗"},
		{"小助手你是搞么斯的噻", "小助手你是干什么的"},
		{"谢谢🙏", "谢谢 谢谢"},
		{"ＯＫ，收到", "好 收到"},
		{"达卡 day3", "打卡 day3"},
		// Minnan and Hainanese ask with a clause-final 无; 毫无 and 有无偿
		// keep theirs, and a run of x is a number hidden, not thanks.
		{"有人上门收180 可信无", "有人上门收180 可信吗"},
		{"王姐报名明天的活动无", "王姐报名明天的活动吗"},
		{"这事毫无", "这事毫无"},
		{"139xxxx5678 xx", "139xxxx5678 谢谢"},
		{"我的积分", "我的积分"},
		{"偶尔忘了打卡", "偶尔忘了打卡"},
		{"楼上漏水找谁陪", "楼上漏水找谁赔"},
		// Shanghai and Sichuan words, and a slip of 报名.
		{"菊花连盆哪能扔", "菊花连盆怎么扔"},
		{"啥辰光好去拿", "什么时候好去拿"},
		{"我和老伴一道倒的", "和老伴一起倒的"},
		{"咋个莫得人回我", "怎么没有人回我"},
		{"报铭 茶话会", "报名 茶话会"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestShapeDecides: a command word with arguments of another shape is not
// the command ("完成！终于搞定了" is chatter, "签到 #3" is not a check-in).
func TestShapeDecides(t *testing.T) {
	r, err := New([]Decl{
		{Name: "checkin", Keywords: []string{"打卡", "签到"}, Shape: Note},
		{Name: "attend", Keywords: []string{"签到"}, Shape: Ref},
		{Name: "complete", Keywords: []string{"完成"}, Shape: Ref},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ text, want string }{
		{"签到", "checkin"},
		{"签到 #3", "attend"},
		{"打卡 day3 今天分了两袋", "checkin"},
		{"打卡了吗", ""},
		{"完成 #12", "complete"},
		{"完成！终于搞定了", ""},
	}
	for _, tt := range tests {
		got := ""
		if ms := r.Resolve(tt.text, 0); len(ms) > 0 && ms[0].Keyword != "" {
			got = ms[0].Name
		}
		if got != tt.want {
			t.Errorf("Resolve(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
