package points

import (
	"context"
	"testing"

	"linli/bot"
)

func TestParseGrantReadsNamePointsAndReason(t *testing.T) {
	for _, c := range []struct {
		in     string
		want   grantWords
		refuse bool
	}{
		{in: "张三 10 帮忙搬桌椅", want: grantWords{name: "张三", amount: 10, reason: "帮忙搬桌椅"}},
		{in: "王阿姨 二十分", want: grantWords{name: "王阿姨", amount: 20}},
		{in: "3号楼 李伯 5积分 发传单 扫楼道", want: grantWords{name: "3号楼 李伯", amount: 5, reason: "发传单 扫楼道"}},
		{in: "张三 0", refuse: true},
		{in: "张三 201", refuse: true},
		{in: "张三 -5", refuse: true},
		{in: "张三", refuse: true},
		{in: "10 张三", refuse: true},
	} {
		got, err := parseGrant(c.in)
		if c.refuse {
			if err == nil {
				t.Errorf("parseGrant(%q) = %+v, want a refusal", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("parseGrant(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}

func TestDraftGrantReadsACoordinatorsWords(t *testing.T) {
	var s Shop
	turn := &bot.Turn{}
	for _, c := range []struct {
		in, grant, deduct string
	}{
		{in: "给张三加5分", grant: "张三 5"},
		{in: "给王阿姨加十积分 帮忙发传单", grant: "王阿姨 10 帮忙发传单"},
		{in: "奖励李伯20积分", grant: "李伯 20"},
		{in: "周小雨昨天帮忙整理了回收站 给她加10分", grant: "周小雨 10 昨天帮忙整理了回收站"},
		{in: "扣张三5分 重复打卡", deduct: "张三 5 重复打卡"},
		{in: "把王五的积分扣3分", deduct: "王五 3"},
		{in: "李建国上周六义务值守垃圾房，给他记20积分", grant: "李建国 20 上周六义务值守垃圾房"},
		{in: "张秀英今天帮着发传单 奖励5分", grant: "张秀英 5 今天帮着发传单"},
		{in: "给5栋的王桂芳加10分，她昨天帮忙搬活动桌椅", grant: "王桂芳 10 她昨天帮忙搬活动桌椅"},
		{in: "给8号楼陈小梅加分 她组织了旧衣回收 给20", grant: "陈小梅 20 她组织了旧衣回收"},
		{in: "刘阿姨那30分是我录错了，扣回来吧", deduct: "刘阿姨 30 录错了"},
		{in: "把赵明亮多加的15分撤回 重复记了", deduct: "赵明亮 15 重复记了"},
		// Not a grant: a question, too many points, no number.
		{in: "张三有多少分"},
		{in: "给张三加5000分"},
		{in: "给张三加点分"},
	} {
		g, gok := s.draftGrant(context.Background(), turn, c.in)
		d, dok := s.draftDeduct(context.Background(), turn, c.in)
		if g != c.grant || gok != (c.grant != "") || d != c.deduct || dok != (c.deduct != "") {
			t.Errorf("%q: grant %q %v, deduct %q %v; want grant %q, deduct %q", c.in, g, gok, d, dok, c.grant, c.deduct)
		}
	}
}
