package faq

import (
	"context"
	"strings"
	"testing"

	"linli/bot/intent"
)

// TestLegalQuestionsReadByTheirSubject: a resident's legal question with
// no legal cue is read by its subject; a question acts in a private chat
// or when the bot is addressed but never in a group that did not ask, a
// grievance told without a question is only offered, so is one told in
// the law's words without a word of rights or duties, and chatter that
// shares a word with the law (搭车, 公告, 借电钻, 收费, 公布, 老婆, 小区) is
// not read as law.
func TestLegalQuestionsReadByTheirSubject(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		text string
		want float64
	}{
		{"老公欠的赌债要我一起还吗", legalBySubject},
		{"签了三十年的租房合同法律认不认", legalBySubject},
		{"房子抵押给银行贷了款现在想卖掉可以吗", legalBySubject},
		{"我哥要把我们俩一起买的房子卖了我不同意他能卖吗", legalBySubject},
		// A wrong told in the law's words is answered; words that only
		// brush a frame word (退 of a fever) are offered back at most.
		{"邻居家装修把我家的墙打裂了他们不承认", legalToldByFrame},
		{"前男友把我的照片发到网上", legalToldByFrame},
		{"老公喝了酒就打我我想离婚", legalToldByFrame},
		{"孙子烧退了 钱叔家老太太我礼拜三礼拜五下午都能去", legalStatedBySubject},
		// What a party must or may do.
		{"承包地转给亲戚种要不要去登记", legalBySubject},
		{"小区电梯换新的钱谁出", legalBySubject},
		// No word of an area of law; an example question holds most of it.
		{"我的车寄放在朋友那他开出去给刮了要他赔合理吗", legalBySubject},
		// Residents ask with a tail 「…不」, or a question mark mid-message.
		{"闺女出嫁了还能分娘家爹妈的房子不", legalBySubject},
		{"他离婚前欠了二十万网贷，债主让我一起还，我需要承担吗？协议上写了各自的债各自还", legalBySubject},
		// Holding a thing back, a court, money to ask of someone.
		{"我帮人看车他一直不给看车费我能不能把车扣着等他给钱", legalBySubject},
		{"孩子越长越不像我，我总觉得不是我亲生的，能不能去法院弄个明白", legalBySubject},
		{"装修队把墙刷得乱七八糟又不肯返工 我另外请人重刷花的钱能找他们要吗", legalBySubject},
		// The law's own terms, asked about.
		{"诉讼时效中断有哪些情形", legalBySubject},
		{"有居住权的房子能租出去吗", legalBySubject},
		{"房本能写两个人的名字吗", legalBySubject},
		// Named by the law's own term, with no word of what is owed.
		{"留置权能留多久", legalBySubject},
		{"保管人能不能转给别人保管", legalBySubject},
		{"人格权包括哪些", legalBySubject},
		{"离婚的时候孩子跟谁", legalBySubject},
		{"个体工商户能不能转给亲戚", legalBySubject},
		{"活动合影侵犯肖像吗", legalBySubject},
		{"老人生前说过要捐器官 儿女能反对吗", legalBySubject},
		{"邻居和我因为排水沟的纠纷能调解吗", legalBySubject},
		// A share, a sum not owed, what belongs to whom, how to settle
		// it, a charge refused.
		{"老人留下的房子说好分我一半吗", legalBySubject},
		{"租的房子一直空着可以不缴暖气费吗", legalBySubject},
		{"小区里的空地归业主吗", legalBySubject},
		{"楼道里的杂物问题怎么解决", legalBySubject},
		{"商家非要我先付安装费我可以拒绝吗", legalBySubject},
		{"打卡失败怎么解决", 0},
		{"活动报名可以拒绝吗", 0},
		// Everyday words near a term are not one.
		{"我的个人信息怎么改", 0},
		{"快递运费多少钱", 0},
		{"名誉主任是谁", 0},
		{"旅客多吗", 0},
		// Weak words frame a story of a deal or a family, not the programme.
		{"送房子给女儿的时候做了公证现在想反悔还来得及吗", legalBySubject},
		{"活动报名可以反悔吗", 0},
		{"我的积分是不是无效了", 0},
		{"活动报名要写名字吗", 0},
		{"这个活动多少年办一次", 0},
		// Whether what the other side says stands, asked in a story.
		{"物流送来的瓷砖好多是碎的，他们说我签了字就跟他们没关系了，真是这样吗", legalBySubject},
		{"楼上邻居说他家装修要持续三个月每天早上八点就开工能这样吗", legalBySubject},
		{"物业管得着我家阳台晾衣服吗", legalBySubject},
		{"对门邻居每天半夜在楼道里打电话", legalTold},
		{"物业把小区的草坪改成了收费停车位", legalTold},
		{"男朋友结婚前一直瞒着我他离过一次婚", legalTold},
		// At 20 runes or more, what another side did is answered.
		{"交了一年物业费物业啥都不干楼道也没人扫", legalToldByFrame},
		// Told in the law's words of another side, it is the law's even
		// where a volunteer might help too.
		{"邻居在走廊装了个摄像头正对着我家门 进进出出都拍着 心里可不得劲", legalToldOfAnother},
		{"征地时候我家地里的杨树补偿款 村里给了我叔 说那地早先是他的 可这些年都是我爸种的", legalToldOfAnother},
		{"楼道里对门堆满纸壳子和旧家具 消防通道都堵了 说她她还骂人", legalToldOfAnother},
		{"前男友拿我身份证办了网贷 现在征信上有逾期 我根本不晓得", legalToldByFrame},
		{"我家一楼带花园 隔壁家种的竹子根都钻到我家这边来了 地砖都拱起来了", legalToldByFrame},
		// …but the teller's own limits, or a hand asked for, are at most
		// offered back.
		{"医生让我下周一去 上午 区人民医院 八点要到 我一个人看不懂那个机器挂号", legalTold},
		{"楼下小卖部的老板说要找个人帮忙搬货 天天一个人搬不动", legalTold},
		// Spoken frames: whose name is on the deed, what to sign, a share
		// paid, a rule asked after, a warranty.
		{"结婚时我爸妈出的首付 房本写的我跟媳妇俩人名 现在我爸想加上他的名 行不行", legalBySubject},
		{"我七十八了 儿女都在外地 想找个人伺候我 我走了房子给他 这样弄行不行 得签什么", legalBySubject},
		{"闺女嫁到外地了户口还在村里 这回征地村里说出嫁闺女不分钱 有这规定吗", legalBySubject},
		{"在集上买的电动三轮 骑了俩月电瓶就鼓包 老板说电瓶不保修 当时也没说", legalToldOfAnother},
		{"我老婆今天包了饺子特别好吃", 0},
		{"明天早上八点在小区门口集合", 0},
		{"物业今天来修好了楼道的灯", 0},
		{"邻居家新装修的房子真漂亮啊", 0},
		{"谁能搭我一段车", 0},
		{"电梯里贴的公告是什么意思", 0},
		{"能借我个电钻吗", 0},
		{"打卡 今天分了两袋垃圾", 0},
		{"楼道的垃圾谁放的", 0},
		{"活动改成下午了吗", 0},
		{"活动收费吗", 0},
		{"活动时间是这样吗", 0},
		{"积分这么算有道理吗", 0},
		{"周六的垃圾分类讲座是在社区活动中心三楼是这样吗", 0},
		{"明天的活动公布了吗", 0},
		{"别骂孩子了", 0},
		// A wrong done by another side, asked in no legal word, from 20
		// runes (README).
		{"顶楼天台被一户人家围起来养鸽子 物业能管不", legalToldByFrame},
		// Asking whether one may is no legal question by itself.
		{"周末的亲子活动能带两个孩子一起参加吗", 0},
		{"我的积分能不能换成小区超市的购物券", 0},
		{"我是新搬来的业主能加入小区的群吗", 0},
	}
	for _, c := range cases {
		if got := f.w.legalByKnowledge(intent.Fold(c.text)); got != c.want {
			t.Errorf("%s: score %.2f, want %.2f", c.text, got, c.want)
		}
	}
	for _, s := range []float64{legalBySubject, legalToldByFrame, legalToldOfAnother} {
		if s < intent.Likely || s >= intent.Sure {
			t.Errorf("a question read by its subject, or a wrong told in the law's words, scores %.2f: it must act when addressed (≥ %.2f) and never in a group that did not ask (< %.2f)",
				s, intent.Likely, intent.Sure)
		}
	}
	for _, s := range []float64{legalStatedBySubject, legalTold} {
		if s < intent.Maybe || s >= intent.Likely {
			t.Errorf("a grievance scores %.2f: it must be offered (≥ %.2f), not acted on (< %.2f)", s, intent.Maybe, intent.Likely)
		}
	}
}

// TestLegalCueThroughQuestionMarksAndSlips: a cue that closes a message
// still counts when the resident ends it with a question mark, as most
// do, or types it with a pinyin slip (陪 for 赔).
func TestLegalCueThroughQuestionMarksAndSlips(t *testing.T) {
	for _, q := range []string{"楼上装修把防水层破坏了我家漏水该找谁？", "邻居家的狗天天半夜叫怎么办?", "邻居家的狗天天叫怎么办",
		"小区围墙倒了把我电动车砸坏了找谁陪", "撞了人家的车要陪偿吗"} {
		if f := intent.Fold(q); !legalCue.MatchString(f) && !howNow.MatchString(f) {
			t.Errorf("%s: no legal cue found", q)
		}
	}
}

// TestGarbageThatHarmsIsForTheLaw: a sorting question is never a legal
// one, but a story of garbage that harms or is left uncollected is, and
// so is a story of a death caused (压死, 电死).
func TestGarbageThatHarmsIsForTheLaw(t *testing.T) {
	f := newFixture(t)
	res, err := intent.New([]intent.Decl{f.w.legalIntent(), f.w.garbageIntent()})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text  string
		legal bool
	}{
		{"有人在路边倒了一堆建筑垃圾 我妈晚上没看见绊倒摔断了手腕 能找谁赔", true},
		{"楼上往下扔垃圾砸坏了我的车谁负责", true},
		// 「不干」 is not 干垃圾.
		{"交了物业费物业什么都不干垃圾堆在楼下一个月", true},
		{"砖头厂的货车倒车压死了我家的狗", true},
		{"干垃圾是周几收", false},
		{"电池是什么垃圾", false},
		{"垃圾分类怎么分", false},
		{"奶茶杯算干垃圾吗", false},
	} {
		ms := res.Resolve(intent.Fold(c.text), 0)
		got := len(ms) > 0 && ms[0].Name == "legal" && ms[0].Score >= intent.Maybe
		if got != c.legal {
			t.Errorf("%s: read as legal %v, want %v (%v)", c.text, got, c.legal, ms)
		}
	}
}

// TestLawTermPlacesTheAnswer: a question named by the law's own term and
// no word of its area is answered with that area's guidance and the offer
// of the legal volunteer, not turned away.
func TestLawTermPlacesTheAnswer(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct{ q, area, says string }{
		// The guidance speaks of what the term names, not only of loans.
		{"留置权能留多久", "借款借贷", "抵押、质押或被留置"},
		{"保管人能不能转给别人保管", "买卖与合同", "转志愿者"},
		{"人格权包括哪些", "人格权", "转志愿者"},
	} {
		e := f.w.Explain(context.Background(), "锦霞社区", c.q)
		if e.Route != RouteArea || e.Area != c.area || !strings.Contains(e.Reply, c.says) {
			t.Errorf("%s: %s in %q, want %s in %q saying %q: %s", c.q, e.Route, e.Area, RouteArea, c.area, c.says, e.Reply)
		}
	}
}

// TestLegalQuestionInNoAreaIsReferred: a legal question the bot can
// place in no area of law is not turned away as outside what it knows:
// it says it is not sure and offers the legal volunteer in the same
// reply. A question that is not legal still is.
func TestLegalQuestionInNoAreaIsReferred(t *testing.T) {
	f := newFixture(t)
	for _, q := range []string{"高压电线把人电伤了应由谁承担责任？", "游乐场的过山车出了故障谁负责"} {
		e := f.w.Explain(context.Background(), "锦霞社区", q)
		if e.Route != RouteReferral || !strings.Contains(e.Reply, "转志愿者 "+q) {
			t.Errorf("%s: %s %q, want %s offering 转志愿者", q, e.Route, e.Reply, RouteReferral)
		}
	}
	if e := f.w.Explain(context.Background(), "锦霞社区", "今天天气怎么样"); e.Route != RouteOutside {
		t.Errorf("今天天气怎么样: %s, want %s", e.Route, RouteOutside)
	}
}

// TestSplitEvidenceNamesBothAreas: when a question's evidence is split
// between two areas of law (a leak in a rented flat: 租赁 and 物业与邻里),
// the reply names both, the likelier first, with the guidance for each;
// a question clearly in one area names one.
func TestSplitEvidenceNamesBothAreas(t *testing.T) {
	f := newFixture(t)
	ix := f.kb.Index()
	lease, estate := ix.Area(ix.AreaOf(703)), ix.Area(ix.AreaOf(271)) // 租赁合同, 业主的建筑物区分所有权
	e := f.w.Explain(context.Background(), "锦霞社区", "租的房子漏水泡坏了我的家具房东不管")
	if e.Route != RouteArea || e.Area != "租赁、物业与邻里" {
		t.Fatalf("split question: %s in %q, want %s in 租赁、物业与邻里", e.Route, e.Area, RouteArea)
	}
	for _, want := range []string{"可能是「租赁」", "也可能是「物业与邻里」", lease.Guide, estate.Guide, "转志愿者"} {
		if !strings.Contains(e.Reply, want) {
			t.Errorf("split question: reply %q lacks %q", e.Reply, want)
		}
	}
	if e := f.w.Explain(context.Background(), "锦霞社区", "房东把房子卖了新房东让我搬走"); e.Area != "租赁" || strings.Contains(e.Reply, estate.Guide) {
		t.Errorf("a lease question: %q, want 租赁 alone", e.Area)
	}
}
