package knowledge

import (
	"slices"
	"strings"
	"testing"
)

// TestPhrasingWithAGapFiresOnWordsBetween: residents put words inside a
// phrase (司机开车跑了, 逼着我签); a phrasing written with '…' still fires
// then, but not across a sentence, not beyond a few words, and not with
// its parts in the other order.
func TestPhrasingWithAGapFiresOnWordsBetween(t *testing.T) {
	lx, err := ParseLexicon(strings.NewReader("司机…跑|肇事逃逸 => 发生交通事故后逃逸\n逼…签 => 胁迫\n"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		q    string
		want []string
	}{
		{"司机跑了", []string{"司机…跑"}},
		{"被车撞了司机开车跑了找谁", []string{"司机…跑"}},
		{"他拿刀逼我签的欠条算数吗", []string{"逼…签"}},
		{"肇事逃逸的司机找到了", []string{"肇事逃逸"}},
		{"司机说他很累。我们跑步去了", nil},                      // another sentence
		{"司机把车停在小区门口以后我们都跑", nil},                   // too far apart
		{"他先跑了后来司机也来了", nil},                        // the other order
		{"签了合同以后逼我加钱", nil},                         // the other order
		{"司机开车跑了，后来逼着我签字", []string{"司机…跑", "逼…签"}}, // both
	}
	for _, c := range cases {
		var got []string
		for _, x := range lx.Expand(Normalize(c.q)) {
			got = append(got, x.Trigger)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: fired %q, want %q", c.q, got, c.want)
		}
	}
}

// TestPhrasingWithAGapReportsItsParts: an expansion reports the pieces of
// the question it matched, which count toward an article's coverage;
// the words in the gap are not among them.
func TestPhrasingWithAGapReportsItsParts(t *testing.T) {
	lx, err := ParseLexicon(strings.NewReader("司机…跑 => 发生交通事故后逃逸\n"))
	if err != nil {
		t.Fatal(err)
	}
	x := lx.Expand("司机开车跑了")
	if len(x) != 1 || !slices.Equal(x[0].Parts(), []string{"司机", "跑"}) {
		t.Fatalf("expansions %+v, want one with parts 司机 and 跑", x)
	}
	plain, _ := ParseLexicon(strings.NewReader("肇事逃逸 => 逃逸\n"))
	if p := plain.Expand("肇事逃逸")[0].Parts(); !slices.Equal(p, []string{"肇事逃逸"}) {
		t.Errorf("parts of a phrasing without a gap: %q, want the phrasing", p)
	}
}

// TestPhrasingWithAGapNeedsBothParts rejects a line whose gap leaves a
// part empty, naming the line.
func TestPhrasingWithAGapNeedsBothParts(t *testing.T) {
	for _, line := range []string{"司机… => 逃逸", "…跑 => 逃逸", "司机……跑 => 逃逸"} {
		_, err := ParseLexicon(strings.NewReader(line + "\n"))
		if err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%q: error %v, want one naming line 1", line, err)
		}
	}
}

// TestPhrasingWithAGapDoesNotSpreadToArticles: the parts of a phrasing
// with a gap (跑, 卖) are not added to the articles holding its statute
// words, as a whole everyday phrasing is.
func TestPhrasingWithAGapDoesNotSpreadToArticles(t *testing.T) {
	lx, err := ParseLexicon(strings.NewReader("司机…跑 => 发生交通事故后逃逸\n肇事逃逸 => 发生交通事故后逃逸\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := lx.EverydayFor("机动车驾驶人发生交通事故后逃逸的")
	if !strings.Contains(got, "肇事逃逸") || strings.Contains(got, "跑") {
		t.Errorf("everyday words for the article: %q, want 肇事逃逸 and not the parts of 司机…跑", got)
	}
}
