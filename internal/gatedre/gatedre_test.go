package gatedre

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// shapes are expressions of every kind the gate reads: literals, classes
// small and large, alternations with and without an empty branch,
// optional and repeated parts, anchors, case folding, and nesting.
var shapes = []string{
	`打卡|签到`,
	`扔|丢|倒|垃|圾|拉|桶|回收|干的|湿的|呢(\s|$)|算什么|是什么|还是|其他|有害|厨`,
	`^[呢吗么?]*$`,
	`[?吗么]|了没|没有$|怎么|如何`,
	`(^|[^什怎那这多])么`,
	`\d+\s*(号楼|栋|单元)`,
	`#\s*(\d+)|(\d+)\s*号|第\s*(\d+)|(\d+)`,
	`(?i)wifi|ok了`,
	`(?:帮我)?(?:在|往)?(?:居民|业主)群(?:里)?发`,
	`[^\p{Han}]|你|您`,
	`(给|帮)我?.{0,6}(加|记)\d*分`,
	`(陪|带).{0,4}(看病|体检|医院)`,
	`a*`,
	`(张|王)?阿姨`,
	`x{2,3}y`,
	`^$`,
	`\b(ok|好的)\b`,
	`想.{0,3}(死|活)`,
	`[一二三四五六七八九十两]{1,3}(个|位)人?`,
}

// TestGateNeverChangesAnAnswer holds that every method the gate stands in
// front of answers as regexp does, over the intent layer's development
// messages and some edge texts.
func TestGateNeverChangesAnAnswer(t *testing.T) {
	texts := []string{"", " ", "?", "OK了", "ok", "WIFI连不上", "xxy", "么", "aaa", "5号楼", "#3"}
	f, err := os.Open("../../bot/intent/testdata/dev.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if text, _, ok := strings.Cut(sc.Text(), "\t"); ok && !strings.HasPrefix(text, "#") {
			texts = append(texts, text)
		}
	}
	if len(texts) < 500 {
		t.Fatalf("only %d texts read", len(texts))
	}
	skipped := 0
	for _, expr := range shapes {
		plain, gated := regexp.MustCompile(expr), MustCompile(expr)
		for _, s := range texts {
			if !gated.May(s) {
				skipped++
			}
			if got, want := gated.MatchString(s), plain.MatchString(s); got != want {
				t.Errorf("%s on %q: MatchString %v, want %v", expr, s, got, want)
			}
			if got, want := gated.FindStringSubmatchIndex(s), plain.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
				t.Errorf("%s on %q: FindStringSubmatchIndex %v, want %v", expr, s, got, want)
			}
			if got, want := gated.ReplaceAllString(s, "_"), plain.ReplaceAllString(s, "_"); got != want {
				t.Errorf("%s on %q: ReplaceAllString %q, want %q", expr, s, got, want)
			}
			if got, want := len(gated.FindAllString(s, -1)), len(plain.FindAllString(s, -1)); got != want {
				t.Errorf("%s on %q: FindAllString %d matches, want %d", expr, s, got, want)
			}
		}
	}
	// The gate is there to skip: most of the pairs have none of what the
	// expression needs.
	if skipped < len(texts)*len(shapes)/3 {
		t.Errorf("the gate skipped %d of %d texts", skipped, len(texts)*len(shapes))
	}
}

func TestNeededChars(t *testing.T) {
	for _, c := range []struct {
		expr string
		want string // "" for no set
	}{
		{`打卡|签到`, "打签"},
		{`我要打卡`, "打"},
		{`(张|王)?阿姨`, "阿"},
		{`[?吗]|了没`, "?吗没"},
		{`a*`, ""},
		{`^$`, ""},
		{`想.{0,3}死`, "想"},
		{`[^\p{Han}]|你`, ""},
	} {
		chars, ok := NeededChars(c.expr)
		if got := string(chars); ok != (c.want != "") || got != c.want {
			t.Errorf("NeededChars(%s) = %q %v, want %q", c.expr, got, ok, c.want)
		}
	}
}
