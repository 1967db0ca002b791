package numerals_test

import (
	"testing"

	"linli/numerals"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]int{
		"0": 0, "12": 12, "1254": 1254, "零": 0, "两": 2, "十": 10, "十二": 12, "二十": 20, "二十三": 23,
		"一百": 100, "一百零五": 105, "二百一十": 210, "一千二百五十四": 1254, "一千零八十七": 1087, "零五": 5,
		"三千": 3000, "九百九十九": 999,
	} {
		if got, ok := numerals.Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "二三", "十百", "百", "零十", "一万", "3.5", "-5", "+5", "十二个", "二十三四", "1二"} {
		if got, ok := numerals.Parse(in); ok {
			t.Errorf("Parse(%q) = %d; want no number", in, got)
		}
	}
}

func TestWriteReadsBack(t *testing.T) {
	for n := 1; n < 10000; n++ {
		if got, ok := numerals.Parse(numerals.Write(n)); !ok || got != n {
			t.Fatalf("Parse(Write(%d)) = Parse(%q) = %d, %v", n, numerals.Write(n), got, ok)
		}
	}
	if got := numerals.Write(1254); got != "一千二百五十四" {
		t.Errorf("Write(1254) = %q", got)
	}
}
