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

func TestLatestKeepsTheLastValueForItsWindow(t *testing.T) {
	var l Latest[string, int]
	t0 := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	if _, ok := l.Get("a", t0, time.Hour); ok {
		t.Fatal("a value before any was put")
	}
	l.Put("a", 1, t0)
	l.Put("a", 2, t0.Add(time.Minute))
	if v, ok := l.Get("a", t0.Add(30*time.Minute), time.Hour); !ok || v != 2 {
		t.Fatalf("got %d %v, want the later value 2", v, ok)
	}
	if _, ok := l.Get("a", t0.Add(2*time.Hour), time.Hour); ok {
		t.Fatal("a value past its window")
	}
	if _, ok := l.Get("b", t0, time.Hour); ok {
		t.Fatal("another key's value")
	}
}
