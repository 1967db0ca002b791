package knowledge

import (
	"slices"
	"testing"
)

// TestChildAgeGivesTheCapacity reads the age of a child a question names
// and checks the capacity the Code gives it, and that adults, days of the
// lunar month and a classmate's school give none.
func TestChildAgeGivesTheCapacity(t *testing.T) {
	cases := []struct {
		q, trigger string
		want       []string // statute words the reading must include
		wantNot    string   // a capacity it must not name
	}{
		{"孩子五岁在幼儿园被推倒了", "五岁", []string{"无民事行为能力人"}, "限制民事行为能力人"},
		{"我家儿子7岁在学校被抓伤了", "7岁", []string{"无民事行为能力人"}, "限制民事行为能力人"},
		{"女儿十二岁在学校摔伤了", "十二岁", []string{"限制民事行为能力人"}, "无民事行为能力人"},
		{"十几岁的孩子把车划了", "十几岁", []string{"限制民事行为能力人"}, "无民事行为能力人"},
		{"孩子一岁半我们要离婚了", "一岁半", []string{"无民事行为能力人", "不满两周岁的子女"}, "限制民事行为能力人"},
		{"儿子十七岁自己打工挣钱", "十七岁", []string{"限制民事行为能力人", "劳动收入"}, "无民事行为能力人"},
		{"八岁以下的孩子买东西算数吗", "八岁以下", []string{"无民事行为能力人"}, "限制民事行为能力人"},
		{"不满八周岁的孩子打碎了玻璃", "不满八周岁", []string{"无民事行为能力人"}, "限制民事行为能力人"},
		{"儿子上初二偷偷充了游戏", "儿子上初二", []string{"限制民事行为能力人"}, "无民事行为能力人"},
		{"孩子上幼儿园被老师打了", "孩子上幼儿园", []string{"无民事行为能力人"}, "限制民事行为能力人"},
		{"女儿上小学一年级在学校摔了", "女儿上小学一年级", []string{"无民事行为能力人"}, "限制民事行为能力人"},
		{"孙子读小学五年级跟同学打架", "孙子读小学五年级", []string{"限制民事行为能力人"}, "无民事行为能力人"},
		// An adult first, then the child.
		{"我七十岁了孙子六岁在我家摔伤了", "六岁", []string{"无民事行为能力人"}, "限制民事行为能力人"},
	}
	for _, c := range cases {
		x, ok := ageExpansion(Normalize(c.q))
		if !ok {
			t.Errorf("%s: no age read, want %s", c.q, c.trigger)
			continue
		}
		if x.Trigger != c.trigger {
			t.Errorf("%s: read %q, want %q", c.q, x.Trigger, c.trigger)
		}
		for _, w := range c.want {
			if !slices.Contains(x.Legal, w) {
				t.Errorf("%s: statute words %v, want %s", c.q, x.Legal, w)
			}
		}
		if slices.Contains(x.Legal, c.wantNot) {
			t.Errorf("%s: statute words %v name %s", c.q, x.Legal, c.wantNot)
		}
	}
	for _, q := range []string{
		"我今年十八岁了能自己签合同吗", // 十八岁 holds 八岁, and is of age
		"老人八十多岁了想立遗嘱",
		"大年初二邻居放鞭炮炸坏了我的车",
		"高中同学借了我五万块钱不还",
		"儿子三十五岁了还在家啃老",
	} {
		if x, ok := ageExpansion(Normalize(q)); ok {
			t.Errorf("%s: read a child's age %q → %v", q, x.Trigger, x.Legal)
		}
	}
}

// TestChildAgeDecidesTheArticle asks questions whose answer turns on the
// child's age, with the full Civil Code: a minor of sixteen living on his
// own wages is of full capacity (article 18), and the reading of the
// age keeps 学校 from naming both capacities.
func TestChildAgeDecidesTheArticle(t *testing.T) {
	ix := fullIndex(t)
	cases := []struct {
		q     string
		first int
	}{
		{"儿子十七岁自己打工挣钱签的合同有效吗", 18},
		{"孩子七岁在学校被同学推倒摔伤了学校要负责吗", 1199},
	}
	for _, c := range cases {
		if got := ix.Search(c.q, 3).Articles; len(got) == 0 || got[0] != c.first {
			t.Errorf("%s: articles %v, want %d first", c.q, got, c.first)
		}
	}
	res := ix.Search("女儿十二岁在学校被同学推倒摔伤了学校要负责吗", 3)
	for _, x := range res.Expansions {
		if x.Trigger == "学校" && slices.Contains(x.Legal, "无民事行为能力人") {
			t.Errorf("学校 still names 无民事行为能力人 for a girl of twelve: %v", x.Legal)
		}
	}
}
