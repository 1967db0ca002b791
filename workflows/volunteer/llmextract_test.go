package volunteer

import (
	"context"
	"errors"
	"testing"
	"time"

	"linli/llm"
)

type fakeReader struct {
	x   llm.TaskExtraction
	err error
}

func (f fakeReader) ExtractTask(context.Context, string) (llm.TaskExtraction, error) {
	return f.x, f.err
}

// TestLLMExtraction: the model's reading fills the schema field by field;
// a failure or an answer outside the lists leaves the rules in charge, and
// the phone always comes from the rules.
func TestLLMExtraction(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, shanghai)
	text := "老伴腿不好，想找人后天陪他去趟卫生所，电话13812345678，3号楼2单元301"
	rules := ExtractRules(text, now)
	good := llm.TaskExtraction{Category: string(Medical), What: "陪老人去卫生所", When: "后天上午", Place: "3号楼2单元301", Urgency: llm.UrgencyNormal}
	cases := []struct {
		name   string
		reader fakeReader
		want   Request
	}{
		{"model read it", fakeReader{x: good}, Request{Category: Medical, What: "陪老人去卫生所", Window: mustWindow(t, "后天上午", now), Place: rules.Place, Phone: "13812345678"}},
		{"model failed", fakeReader{err: errors.New("timeout")}, rules},
		{"category outside the list", fakeReader{x: llm.TaskExtraction{Category: "开车", What: "x", Urgency: llm.UrgencyNormal}}, rules},
		{"urgent, no time", fakeReader{x: llm.TaskExtraction{Category: string(Medical), What: "送医", Urgency: llm.UrgencyHigh}}, Request{Category: Medical, What: "送医", Window: rules.Window, Place: rules.Place, Phone: rules.Phone, Urgent: true}},
	}
	for _, c := range cases {
		w := &Workflow{d: Deps{LLM: c.reader, Log: discardLog()}}
		got := w.extract(context.Background(), text, now)
		got.Health = false
		c.want.Health = false
		if c.want.Urgent && c.want.Window.IsZero() {
			c.want.Window = Window{Start: now, End: now.Add(2 * time.Hour)}
		}
		if got.Category != c.want.Category || got.What != c.want.What || got.Window != c.want.Window || got.Place != c.want.Place ||
			got.Phone != c.want.Phone || got.Urgent != c.want.Urgent {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func mustWindow(t *testing.T, s string, now time.Time) Window {
	t.Helper()
	w, ok := findWindow(s, now)
	if !ok {
		t.Fatalf("no window in %q", s)
	}
	return w
}
