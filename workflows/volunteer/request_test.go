package volunteer

import (
	"testing"

	"linli/bot/intent"
)

// TestReadsAsRequest: free text addressed to the bot becomes a task only
// when it asks for someone's help.
func TestReadsAsRequest(t *testing.T) {
	cases := []struct {
		text string
		want bool
	}{
		{"我家老人腿脚不便，明天上午想找人帮忙去医院拿药", true},
		{"卫生间水管爆了，急！", true},
		{"谁能帮我修下水龙头", true},
		{"明天下午想找人陪我聊聊天", true},
		{"垃圾怎么分", false},
		{"电池是什么垃圾", false},
		{"帮我查下我的积分", false},
		{"帮我看看打卡排行", false},
		{"邻居装修太吵怎么办？", false},
		{"你好", false},
		{"今天天气真好", false},
		{"谢谢", false},
	}
	for _, c := range cases {
		if got := readsAsRequest(c.text); got != c.want {
			t.Errorf("readsAsRequest(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestLegalStoriesAreNoRequests: a resident's story about a house sale,
// a mortgage or a homestead is a legal question for the FAQ, never a task
// for a volunteer, while a plea for a hand still is one.
func TestLegalStoriesAreNoRequests(t *testing.T) {
	res, err := intent.New([]intent.Decl{requestIntent()})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text string
		want bool
	}{
		{"我家宅基地上的老房子想卖给外地人人家问能不能过户", false},
		{"朋友帮我卖房子跟买家串通好了压低了价钱", false},
		{"房子还抵押着银行贷款想找人帮忙卖掉", false},
		{"冒充物业的人上门收钱我妈被骗了两千", false},
		{"邻居家小孩踢球砸坏了我家窗户玻璃", false},
		{"想找个人帮我跟前夫打官司要抚养费", false},
		// Asking about a right (要求, 请求, 能不能退) is no plea for a hand.
		{"邻居在院子里盖了三层楼把我家阳光全挡住了，我可以要求他拆除吗？", false},
		{"显失公平的合同可以请求撤销吗", false},
		{"我妈被人骗去听讲座买了三万多的保健品能不能退", false},
		{"捡到邻居家走丢的狗养了半个月花了六百多这钱能找他要吗", false},
		{"修理厂说我没给钱就扣着车不还 这车算谁的", false},
		{"能不能帮我把轮椅推上坡", true},
		{"能不能给我家老人送个饭", true},
		{"能不能送点米过来我下不了楼", true},
		{"可不可以抬我家老人下楼去复查", true},
		{"网上买的电饭煲用了两天就坏了能不能换货", false},
		// A story of what another side says or refuses is a dispute,
		// unless it asks for a hand in so many words.
		{"楼上的下水管堵了污水从我家地漏往上冒楼上说不是他家的问题", false},
		{"网上买的冰箱送来就是坏的商家让我自己去找厂家修他们不管", false},
		{"水管漏了物业说明天才来 谁能帮忙先堵一下", true},
		{"求求哪位好心人帮我找找走丢的猫", true},
		{"我家窗户玻璃碎了想找人来换一块", true},
		{"我家老人腿脚不便，明天上午想找人帮忙去医院拿药", true},
		{"想找人帮我把旧家具搬下楼", true},
		// Help told as hired or had is a story, not a plea.
		{"我找人把邻居家的门撬开关了水闸 花了两百块他一分钱都不出", false},
		{"托老同学帮我去银行取钱 他取了钱转头就不接电话了", false},
		{"表哥帮我把车卖出去了 钱到现在一分没给我", false},
		{"叫师傅上门换了个水龙头 完了要三百块工钱", false},
		{"我爸七十了想找个老伴 我姐不同意", false},
		{"我找个人来帮我把冰箱搬到楼上", true},
		// A yes-no question about a right (能不能, 要不要) is no need,
		// nor is what the other side insists on (非要, 他们要把…).
		{"给装修公司的钱付了一大半 活干得一塌糊涂 尾款能不能不付", false},
		{"欠条上写的是我老公的名字 我要不要跟着还", false},
		{"孩子他爷爷奶奶非要把孩子接回老家去带", false},
		{"我爸走了 后妈的儿子要跟我分老房子", false},
		{"我住院开刀 婆家一分钱不出 让我自己想办法", false},
		{"楼上装修把我家的排水管堵死了", false},
		{"能不能找个人帮我把孩子从学校接回来", true},
		{"我要人陪我去医院拿药", true},
		{"叫个师傅上门来修修马桶", true},
		{"有没有朋友帮我搬一下家", true},
		// Harm another side did asks who answers for it, unless urgent;
		// 「吵得不行」 needs nothing (得 is no "must" there).
		{"楼上卫生间防水没做好水渗到我家了墙都发霉了", false},
		{"楼上的洗衣机水管脱了水漏到我家客厅", false},
		{"邻居家的狗没拴好把我家孩子吓得哭了一晚上", false},
		{"隔壁天天半夜唱歌吵得不行", false},
		{"楼下邻居装修电钻声吵得不行", false},
		{"楼上漏水漏到我家了 急", true},
		// The README's own examples.
		{"楼上的水管脱了水漏到我家客厅", false},
		{"表哥帮我把车卖了钱一分没给我", false},
		{"哪位好心的朋友帮我去药店买个药", true},
		{"我想委托志愿者帮我领一下物资", true},
	} {
		ms := res.Resolve(intent.Fold(c.text), 0)
		if got := len(ms) > 0 && ms[0].Score >= intent.Maybe; got != c.want {
			t.Errorf("%s: read as a request %v, want %v (%v)", c.text, got, c.want, ms)
		}
	}
}

// TestEmergencyIsALifeInDangerNow: the danger told now, not in jest, not
// a story of the past, not oversleeping.
func TestEmergencyIsALifeInDangerNow(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"我家老伴摔倒了起不来", true},
		{"老伴晕倒了叫不醒怎么办", true},
		{"有人倒在地上了 快来人", true},
		{"我妈喘不上气 快", true},
		{"厨房燃气泄漏了", true},
		{"今天早上又起不来了", false},
		{"早上起不来", false},
		{"老人容易晕倒", false},
		{"热得我要晕倒了", false},
		{"笑死我了救命", false},
		{"这道题难得我快晕倒了", false},
		{"天太热了老人容易晕倒 大家注意", false},
		{"雪天路滑小心摔倒起不来", false},
		{"今天排队差点晕倒", false},
		{"燃气泄漏报警器哪里买", false},
		{"燃气泄漏怎么办", false},
		{"他喝多了倒在地上睡着了", false},
		{"我爸刚才晕倒了", true},
		{"楼道里有个老人倒在地上", true},
		{"邻居家老人突然晕倒了我送他去医院还垫了医药费他家里人不认这个账", false},
	} {
		if got := isEmergency(c.text); got != c.want {
			t.Errorf("%s: an emergency %v, want %v", c.text, got, c.want)
		}
	}
}
