package scheduler_test

import (
	"testing"

	"linli/scheduler"
)

func TestParsePolicy(t *testing.T) {
	for in, want := range map[string]scheduler.MissedPolicy{"": scheduler.Once, "once": scheduler.Once, "skip": scheduler.Skip, "all": scheduler.All} {
		got, err := scheduler.ParsePolicy(in)
		if err != nil || got != want {
			t.Errorf("ParsePolicy(%q) = %v, %v", in, got, err)
		}
		if in != "" && got.String() != in {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
	if _, err := scheduler.ParsePolicy("sometimes"); err == nil {
		t.Error("unknown policy accepted")
	}
}
