package knowledge

import (
	"slices"
	"testing"
)

// TestResidentQuestions asks the full Civil Code the way residents ask in
// the group (the issue's own examples, in everyday words) and wants an
// article a good answer rests on among the first three.
func TestResidentQuestions(t *testing.T) {
	code := loadCivilCode(t)
	lex, err := BuiltinLexicon()
	if err != nil {
		t.Fatal(err)
	}
	faq, err := BuiltinFAQ()
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(append(code, faq...), lex, DefaultOptions())
	cases := []struct {
		q    string
		want []int
	}{
		{"楼上往下扔东西砸坏了我的车怎么办？", []int{1254}},
		{"请问一下，楼上往下扔东西砸坏了车，法律上谁来赔？", []int{1254}},
		{"邻居家狗没拴绳咬了人谁负责", []int{1245, 1246}},
		{"我在小区里捡到一个钱包，可以自己留着吗？", []int{314, 312}},
		{"搬走一个月了，房东还扣着押金不还", []int{703, 708, 712, 733, 577, 587}},
		{"在小区健身器材上锻炼摔伤了，物业要不要负责？", []int{1198}},
	}
	for _, c := range cases {
		got := ix.Search(c.q, 3).Articles
		top := got[:min(3, len(got))]
		if !slices.ContainsFunc(top, func(a int) bool { return slices.Contains(c.want, a) }) {
			t.Errorf("%s: top articles %v, want one of %v", c.q, top, c.want)
		}
	}
}

// TestQuestionShapeIgnored checks that the shape of a question (请问, 怎么办,
// 是否, 我) does not move the ranking: the same topic asked two ways finds
// the same first article.
func TestQuestionShapeIgnored(t *testing.T) {
	code := loadCivilCode(t)
	lex, err := BuiltinLexicon()
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(code, lex, DefaultOptions())
	pairs := [][2]string{
		{"楼上扔东西砸伤行人", "请问楼上扔东西砸伤行人，是否要赔？怎么办呢"},
		{"拾得遗失物", "我拾得遗失物，法律规定怎么处理？"},
		{"房东扣着押金不还", "想问一下，房东扣着押金不还可不可以？"},
	}
	for _, p := range pairs {
		a, b := ix.Search(p[0], 3).Articles, ix.Search(p[1], 3).Articles
		if len(a) == 0 || len(b) == 0 || a[0] != b[0] {
			t.Errorf("%q ranks %v first, %q ranks %v", p[0], a, p[1], b)
		}
	}
}
