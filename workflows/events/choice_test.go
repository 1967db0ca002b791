package events

import "testing"

func TestChoiceNamedReadsTheChoiceAsResidentsSayIt(t *testing.T) {
	p := Poll{Options: []string{"猜灯谜", "合唱", "写春联"}}
	q := Poll{Options: []string{"东门车棚", "北门空地"}}
	for _, tc := range []struct {
		poll  Poll
		words string
		want  int
	}{
		{p, "灯谜", 1},
		{p, "第二个", 2},
		{p, "那春联", 3},
		{p, "猜dengmi", 1},
		{p, "投 hechang 吧", 2},
		{q, "充电桩 东门", 1},
		{q, "我投beimen 那块空地大", 2},
		// Two choices, none, or a place not on the list: no choice.
		{p, "春联跟灯谜都想要", 0},
		{q, "东门那边晚上黑 北门也远", 0},
		{p, "第五个", 0},
		{p, "今天天气不错", 0},
	} {
		if got := choiceNamed(tc.poll, tc.words); got != tc.want {
			t.Errorf("choiceNamed(%v, %q) = %d, want %d", tc.poll.Options, tc.words, got, tc.want)
		}
	}
}
