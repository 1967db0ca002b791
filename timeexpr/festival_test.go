package timeexpr

import (
	"testing"
	"time"
)

// A festival's name is its next day, read from the lunar calendar for the
// lunar ones: a notice 「除夕晚上6点」 goes on New Year's Eve, not tonight.
func TestFestivalDays(t *testing.T) {
	loc := shanghai(t)
	jan18 := time.Date(2027, 1, 18, 9, 0, 0, 0, loc)
	cases := []struct {
		in   string
		now  time.Time
		want string
	}{
		{"除夕晚上6点", jan18, "2027-02-05 18:00"},
		{"大年初一上午9点", jan18, "2027-02-06 09:00"},
		{"元宵节晚上7点", jan18, "2027-02-20 19:00"},
		{"中秋节下午3点", refNow(t), "2027-09-15 15:00"},
		{"端午上午10点", refNow(t), "2027-06-09 10:00"},
		{"元旦早上8点", refNow(t), "2027-01-01 08:00"},
		{"国庆节上午10点", refNow(t), "2027-10-01 10:00"},
		// Today's festival is today's, not next year's.
		{"除夕晚上8点", time.Date(2027, 2, 5, 9, 0, 0, 0, loc), "2027-02-05 20:00"},
	}
	for _, c := range cases {
		e, err := Parse(c.in, c.now, loc)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got := e.At.In(loc).Format(layout); got != c.want {
			t.Errorf("%s: got %s, want %s", c.in, got, c.want)
		}
	}
}

// In running text a festival's name inside somebody's name is no day.
func TestFestivalInAName(t *testing.T) {
	loc := shanghai(t)
	for _, text := range []string{"我爸韩国庆要去区医院复查", "国庆要去区医院复查"} {
		if e, _, _, ok := Find(text, refNow(t), loc); ok {
			t.Errorf("%s: read as a day: %s", text, e.Desc)
		}
	}
	// 「12月30号上午9点在活动室办元旦联欢会」: the party's name, and its
	// day is the 30th.
	e, _, _, ok := Find("12月30号上午9点在活动室办元旦联欢会", refNow(t), loc)
	if !ok || e.At.In(loc).Format("01-02 15:04") != "12-30 09:00" {
		t.Errorf("元旦联欢会 on the 30th: %v %v", ok, e.At)
	}
	e, _, _, ok = Find("麻烦除夕晚上6点在群里发一下", refNow(t), loc)
	if !ok || e.At.In(loc).Format(layout) != "2027-02-05 18:00" {
		t.Errorf("除夕晚上6点 in a sentence: %v %v", ok, e.At)
	}
}
