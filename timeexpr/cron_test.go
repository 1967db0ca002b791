package timeexpr_test

import (
	"strings"
	"testing"
	"time"

	"linli/timeexpr"
)

func TestParseSpec(t *testing.T) {
	sh := shanghai(t)
	from := time.Date(2026, 11, 24, 10, 0, 0, 0, sh) // a Tuesday
	tests := []struct {
		spec    string
		want    string // next slot after from, in Shanghai
		wantErr string
	}{
		{spec: "0 20 * * *", want: "2026-11-24 20:00"},
		{spec: "30 7 * * 1-5", want: "2026-11-25 07:30"},
		{spec: "0 9 * * 6", want: "2026-11-28 09:00"},
		{spec: "0 10 1 * *", want: "2026-12-01 10:00"},
		{spec: "@daily", want: "2026-11-25 00:00"},
		{spec: "@hourly", want: "2026-11-24 11:00"},
		{spec: "@weekly", want: "2026-11-29 00:00"},
		{spec: "  0 20 * * *  ", want: "2026-11-24 20:00"},
		{spec: "0 0 29 2 *", want: "2028-02-29 00:00"},
		{spec: "", wantErr: "empty"},
		{spec: "0 0 20 * * * *", wantErr: "7 fields"},
		{spec: "0 0 20 * * *", wantErr: "6 fields"},
		{spec: "0 20 * *", wantErr: "4 fields"},
		{spec: "TZ=UTC 0 20 * * *", wantErr: "time zone"},
		{spec: "CRON_TZ=UTC 0 20 * * *", wantErr: "time zone"},
		{spec: "@every 5m", wantErr: "@every"},
		{spec: "0 0 30 2 *", wantErr: "never occurs"},
		{spec: "61 * * * *", wantErr: "parse schedule"},
		{spec: "@sometimes", wantErr: "parse schedule"},
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			s, err := timeexpr.ParseSpec(tc.spec, sh)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseSpec(%q) error = %v; want one mentioning %q", tc.spec, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Next(from).In(sh).Format("2006-01-02 15:04"); got != tc.want {
				t.Errorf("next slot of %q after %v = %s; want %s", tc.spec, from, got, tc.want)
			}
		})
	}
}

// A server on UTC must not shift a Shanghai reminder by eight hours.
func TestSpecIsReadInItsLocation(t *testing.T) {
	s, err := timeexpr.ParseSpec("0 20 * * *", shanghai(t))
	if err != nil {
		t.Fatal(err)
	}
	got := s.Next(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)).UTC()
	if want := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("20:00 in Shanghai fired at %v UTC; want %v", got, want)
	}
	if _, err := timeexpr.ParseSpec("0 20 * * *", nil); err == nil {
		t.Fatal("a spec without a time zone was accepted")
	}
	next3 := s.NextN(time.Date(2026, 11, 24, 21, 0, 0, 0, shanghai(t)), 3)
	if len(next3) != 3 || next3[0].Day() != 25 || next3[2].Day() != 27 {
		t.Fatalf("NextN = %v", next3)
	}
}

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
