package recent

import (
	"testing"
	"time"
)

func TestMomentsTellLatelyFromLongAgo(t *testing.T) {
	var m Moments[string]
	at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	if m.Within("a", at, time.Hour) {
		t.Fatal("a key never marked happened")
	}
	m.Mark("a", at, time.Hour)
	if !m.Within("a", at.Add(59*time.Minute), time.Hour) {
		t.Error("marked 59 minutes ago is not within the hour")
	}
	if m.Within("a", at.Add(61*time.Minute), time.Hour) {
		t.Error("marked 61 minutes ago is within the hour")
	}
	if !m.First("b", at, time.Hour) || m.First("b", at.Add(time.Minute), time.Hour) {
		t.Error("First is true once within the window")
	}
	if !m.First("b", at.Add(2*time.Hour), time.Hour) {
		t.Error("First is true again after the window")
	}
}

func TestMomentsDropOldKeys(t *testing.T) {
	var m Moments[int]
	at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	for i := range pruneAt {
		m.Mark(i, at, time.Hour)
	}
	m.Mark(-1, at.Add(2*time.Hour), time.Hour)
	if len(m.m) != 1 {
		t.Errorf("held %d keys after pruning, want 1", len(m.m))
	}
}
