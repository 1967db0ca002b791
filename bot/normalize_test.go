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

func TestStripLeadingMentionsKeepsTheWords(t *testing.T) {
	for in, want := range map[string]string{
		"@社区小助手 换一个环保袋":      "换一个环保袋",
		"@社区小助手 @李主任 张阿姨那个活": "张阿姨那个活",
		"换一个环保袋 @社区小助手":      "换一个环保袋 @社区小助手",
		"  打卡 ":              "打卡",
	} {
		if got := StripLeadingMentions(in); got != want {
			t.Errorf("StripLeadingMentions(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStripAddressTakesTheGroupsNicknameForTheBot(t *testing.T) {
	tests := []struct {
		in        string
		mentioned bool
		want      string
	}{
		{"@邻里 今天打卡 厨余倒好了", true, "今天打卡 厨余倒好了"},
		{"@linli 签到 #3", true, "签到 #3"},
		{"@社区小助手 电池是什么垃圾", true, "电池是什么垃圾"},
		// Not mentioned: a neighbour is named, and the words stay whole.
		{"@张三 你好", false, "@张三 你好"},
		{"@邻里", true, ""},
		{"@张三 @社区小助手 你的快递到了", true, "你的快递到了"},
	}
	for _, tt := range tests {
		if got := StripAddress(tt.in, "社区小助手", tt.mentioned); got != tt.want {
			t.Errorf("StripAddress(%q, %v) = %q, want %q", tt.in, tt.mentioned, got, tt.want)
		}
	}
}
