package knowledge

import (
	"slices"
	"testing"
)

func TestArticleName(t *testing.T) {
	for n, want := range map[int]string{
		1254: "《民法典》第一千二百五十四条", 10: "《民法典》第十条", 105: "《民法典》第一百零五条",
		1000: "《民法典》第一千条", 1010: "《民法典》第一千零一十条", 288: "《民法典》第二百八十八条",
	} {
		if got := ArticleName(n); got != want {
			t.Errorf("ArticleName(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestParseArticleRefs(t *testing.T) {
	cases := []struct {
		in   string
		want []int
	}{
		{"依据：第1254条", []int{1254}},
		{"第一千二百五十四条、第二百八十八条", []int{1254, 288}},
		{"第 942 条和第942条", []int{942}},
		{"1165、1254", []int{1165, 1254}},
		{"第九千条", nil},
		{"没有条文", nil},
	}
	for _, c := range cases {
		if got := ParseArticleRefs(c.in); !slices.Equal(got, c.want) {
			t.Errorf("ParseArticleRefs(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestSearchBridgesEverydayWords(t *testing.T) {
	code := loadCivilCode(t)
	lex, err := BuiltinLexicon()
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(code, lex, DefaultOptions()) // statute only: the lexicon must do the bridging
	cases := []struct {
		q    string
		want int
	}{
		{"楼上有人往下扔东西砸了我", 1254},
		{"捡到一个钱包交给谁", 314},
		{"被狗咬了找谁赔", 1245},
		{"离婚冷静期多长时间", 1077},
	}
	for _, c := range cases {
		res := ix.Search(c.q, 3)
		if len(res.Articles) < 3 || !slices.Contains(res.Articles[:3], c.want) {
			t.Errorf("%s: want article %d in the top 3, got %v", c.q, c.want, res.Articles)
		}
	}
}

func TestBuiltinFAQCitesRealArticles(t *testing.T) {
	faq, err := BuiltinFAQ()
	if err != nil {
		t.Fatal(err)
	}
	if len(faq) < 80 {
		t.Errorf("built-in FAQ has %d entries, want at least 80", len(faq))
	}
	for _, c := range faq {
		if len(c.Articles) == 0 {
			t.Errorf("%s: cites no article", c.Key)
		}
		for _, a := range c.Articles {
			if a < 1 || a > 1260 {
				t.Errorf("%s: article %d does not exist", c.Key, a)
			}
		}
	}
}
