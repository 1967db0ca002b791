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
