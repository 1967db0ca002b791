package llm

import "testing"

func TestMaskHidesPersonalNumbers(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"mobile", "我的电话13812345678，请联系", "我的电话[电话1]，请联系"},
		{"mobile with spaces", "打 138 1234 5678 找我", "打 [电话1] 找我"},
		{"mobile with dashes", "138-1234-5678", "[电话1]"},
		{"mobile with +86", "+86 13812345678", "[电话1]"},
		{"full-width digits", "电话１３８１２３４５６７８", "电话[电话1]"},
		{"zero-width inside", "电话138\u200b1234\u200b5678", "电话[电话1]"},
		{"landline", "座机021-62345678", "座机[电话1]"},
		{"landline no dash", "打01062345678", "打[电话1]"},
		{"local number", "家里电话6234-5678", "家里电话[电话1]"},
		{"id card", "身份证110101199003078765", "身份证[身份证1]"},
		{"id card with X", "身份证号11010119900307876X。", "身份证号[身份证1]。"},
		{"id card spaced", "110101 19900307 8765", "[身份证1]"},
		{"old id card", "老身份证110101900307876", "老身份证[身份证1]"},
		{"building unit room", "我住3号楼2单元301", "我住[房号1]"},
		{"building room 室", "5栋302室的王阿姨", "[房号1]的王阿姨"},
		{"chinese numerals", "十二幢三单元502", "[房号1]"},
		{"letter block", "B座1203", "[房号1]"},
		{"dashed address", "住在3-2-301", "住在[房号1]"},
		{"unit room", "2单元501", "[房号1]"},
		{"room alone", "302室门口", "[房号1]门口"},
		{"building only", "7号楼下面", "[房号1]下面"},
		{"long digits", "卡号6222020200112233445", "卡号[号码1]"},
		{"two phones numbered", "13812345678或13987654321", "[电话1]或[电话2]"},
		{"same phone twice", "13812345678，再说一遍13812345678", "[电话1]，再说一遍[电话1]"},
		{"mixed", "3号楼2单元301张阿姨，电话13812345678", "[房号1]张阿姨，电话[电话1]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Mask(c.in).Text; got != c.want {
				t.Errorf("Mask(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// Ordinary messages pass untouched: dates, times, counts, article numbers
// and short numbers are not personal.
func TestMaskLeavesOrdinaryTextAlone(t *testing.T) {
	for _, in := range []string{
		"明天上午9点去医院拿药",
		"2026-12-01 09:00 讲座",
		"买3斤鸡蛋和2袋米",
		"民法典第1032条",
		"每周六 9:00",
		"打卡第21天",
		"12月3号下午",
		"电池是什么垃圾",
		"我今年85岁了",
		"小区一共有4栋楼",
		"这座城市",
	} {
		if got := Mask(in).Text; got != in {
			t.Errorf("Mask(%q) = %q, want it unchanged", in, got)
		}
	}
}

func TestRestoreBringsBackTheOriginals(t *testing.T) {
	m := Mask("住3号楼2单元301，电话13812345678，身份证110101199003078765")
	if m.Len() != 3 {
		t.Fatalf("masked %d values, want 3: %q", m.Len(), m.Text)
	}
	got := m.Restore("地点：[房号1]；联系：[电话1]；证件：[身份证1]；未知：[电话9]")
	want := "地点：3号楼2单元301；联系：13812345678；证件：110101199003078765；未知：[电话9]"
	if got != want {
		t.Errorf("Restore = %q, want %q", got, want)
	}
	if got := (Masked{}).Restore("[电话1]"); got != "[电话1]" {
		t.Errorf("empty mapping changed the text: %q", got)
	}
}

func FuzzMaskNeverLeaksAMobileNumber(f *testing.F) {
	f.Add("13812345678")
	f.Add("电话：139 8765 4321。")
	f.Fuzz(func(t *testing.T, s string) {
		out := Mask(s).Text
		if mobile := maskRules[1].re.FindAllStringIndex(out, -1); len(mobile) > 0 {
			for _, loc := range mobile {
				if !digitAt(out, loc[0]-1) && !digitAt(out, loc[1]) {
					t.Fatalf("Mask(%q) = %q still holds a mobile number", s, out)
				}
			}
		}
	})
}

// TestMaskReadsPhonesAsResidentsTypeThem: a phone number in Chinese
// numerals or with +86 and spaces never reaches a model, and an ID card is
// masked as an ID card, not as a phone taken from its middle.
func TestMaskReadsPhonesAsResidentsTypeThem(t *testing.T) {
	for in, want := range map[string]string{
		"电话幺三八一二三四五六七八":         "电话[电话1]",
		"电话 +86 138 1234 5678":  "电话 [电话1]",
		"身份证110101194503071234": "身份证[身份证1]",
	} {
		if got := Mask(in).Text; got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}
