package volunteer

import "testing"

// TestParseHoursIsStrict: hours become points, so a malformed number is
// refused rather than read from its tail.
func TestParseHoursIsStrict(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"用时1.5小时", 1.5, true},
		{"用时2小时 帮老人买了药", 2, true},
		{"一个半小时", 1.5, true},
		{"90分钟", 1.5, true},
		{"半小时", 0.5, true},
		{"用时-5小时", 0, false},
		{"用时1e9小时", 0, false},
		{"用时2.5.3小时", 0, false},
		{"用时负3小时", 0, false},
		{"用时+3小时", 0, false},
		{"用时0小时", 0, false},
		{"用时2小时3小时", 0, false},
	} {
		got, ok := parseHours(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseHours(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
