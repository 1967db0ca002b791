package pictures

import "testing"

func TestSafeName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"张三", "张三"},
		{"  Anna   Müller ", "Anna Müller"},
		{"王阿姨🌸", "王阿姨"},
		{"👨‍👩‍👧‍👦李家", "李家"},
		{"🇨🇳🇨🇳", Neighbour},
		{"", Neighbour},
		{"\u200b\u202e", Neighbour},
		{"王阿姨13812345678", "王**"},
		{"3栋502王阿姨", "王**"},
		{"5-1203 老刘", "老**"},
		{"Tom 1203", "T**"},
		{"138 1234 5678", Neighbour},
		{"阿依古丽·买买提", "阿依古丽·买买提"},
		{"Zoë", "Zoë"},
		{"e\u0301cole", "e\u0301cole"},
	} {
		if got := SafeName(c.in); got != c.want {
			t.Errorf("SafeName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
