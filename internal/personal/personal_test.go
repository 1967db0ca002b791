package personal

import "testing"

func TestFind(t *testing.T) {
	for _, c := range []struct {
		text string
		want []Number
	}{
		{"电话13812345678", []Number{{Phone, 6, 17, "13812345678"}}},
		{"电话 138 1234 5678 谢谢", []Number{{Phone, 7, 20, "13812345678"}}},
		{"138-1234-5678", []Number{{Phone, 0, 13, "13812345678"}}},
		{"+86 138 1234 5678", []Number{{Phone, 0, 17, "13812345678"}}},
		{"+8613812345678", []Number{{Phone, 0, 14, "13812345678"}}},
		{"８６－１３８１２３４５６７８", []Number{{Phone, 0, 42, "13812345678"}}},
		{"幺三八一二三四五六七八", []Number{{Phone, 0, 33, "13812345678"}}},
		{"一三八 1234 5678", []Number{{Phone, 0, 19, "13812345678"}}},
		// An ID card is an ID card, never a phone from its middle.
		{"身份证110101199003071234", []Number{{IDCard, 9, 27, "110101199003071234"}}},
		{"身份证11010119900307123X", []Number{{IDCard, 9, 27, "11010119900307123X"}}},
		{"身份证 110101 1990 0307 123x", []Number{{IDCard, 10, 31, "11010119900307123X"}}},
		{"老身份证110101900307123", []Number{{IDCard, 12, 27, "110101900307123"}}},
		// Grouped by fours, as it is read aloud; eighteen digits with no
		// birth date in them are no ID card.
		{"身份证 3201 1319 7010 0862 1x", []Number{{IDCard, 10, 32, "32011319701008621X"}}},
		{"订单号 1234 5678 9012 3456 78", nil},
		{"身份证110101199003071234 电话13812345678", []Number{
			{IDCard, 9, 27, "110101199003071234"}, {Phone, 34, 45, "13812345678"}}},
		// Not personal numbers.
		{"住3号楼2单元301", nil},
		{"明天上午9点", nil},
		{"订单号 2026112413812345678", nil},
		{"12345678901", nil},
	} {
		got := Find(c.text)
		if len(got) != len(c.want) {
			t.Errorf("Find(%q) = %+v, want %+v", c.text, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("Find(%q)[%d] = %+v, want %+v", c.text, i, got[i], c.want[i])
			}
		}
	}
}

func TestReplace(t *testing.T) {
	got := Replace("身份证110101199003071234，电话138 1234 5678", func(n Number) string {
		if n.Kind == IDCard {
			return MaskedID
		}
		return MaskPhone(n.Digits)
	})
	if want := "身份证[身份证号已隐藏]，电话138****5678"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestHasPhone: a mobile number told in groups of digits or in Chinese
// numerals is a phone; an ID card's digits, a price and a date are not.
func TestHasPhone(t *testing.T) {
	for text, want := range map[string]bool{
		"报名活动留个电话 139 5172 0846 有事联系我": true,
		"我号码换了 新的是一八六二五零三七七一九":         true,
		"身份证110105195203151234 帮我登记":   false,
		"一桶油要128积分 12月20号截止":           false,
	} {
		if got := HasPhone(text); got != want {
			t.Errorf("HasPhone(%q) = %v, want %v", text, got, want)
		}
	}
}
