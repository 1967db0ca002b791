package bot

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  打卡  ", "打卡"},
		{"接单　＃１２", "接单 #12"},
		{"确认＃3  ５", "确认#3 5"},
		{"打卡\u200b了", "打卡了"},
		{"你好\x00\x07世界", "你好世界"},
		{"bad\xff\xfeutf8", "badutf8"},
		{"@社区小助手\u2005电池是什么垃圾", "@社区小助手 电池是什么垃圾"},
		{"第一行\n第二行", "第一行\n第二行"},
		{"", ""},
		{"，。！", ",。!"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripMention(t *testing.T) {
	tests := []struct{ in, want string }{
		{"@社区小助手 电池是什么垃圾", "电池是什么垃圾"},
		{"电池是什么垃圾 @社区小助手", "电池是什么垃圾"},
		{"@社区小助手", ""},
		{"@张三 你好", "@张三 你好"},
	}
	for _, tt := range tests {
		if got := StripMention(tt.in, "社区小助手"); got != tt.want {
			t.Errorf("StripMention(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMatchKeyword(t *testing.T) {
	tests := []struct {
		text, kw string
		loose    bool
		args     string
		ok       bool
	}{
		{"打卡", "打卡", false, "", true},
		{"打卡 垃圾分类", "打卡", false, "垃圾分类", true},
		{"打卡了吗大家", "打卡", false, "", false},
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

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"打卡", "＃１２", "\xff", "@社区小助手\u2005问"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Errorf("Normalize is not idempotent on %q", s)
		}
	})
}
