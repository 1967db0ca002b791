package points

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/numerals"
)

// The shop in residents' and coordinators' own words: 「我也要个环保袋 买菜
// 好用」 redeems, 「我分够换环保袋不」 asks the price against one's points,
// 「洗衣液进价涨了 改成100分吧」 and 「小垃圾桶又到了5个 加上」 change the
// shelf, 「刘大爷来领环保袋了 你给核了吧」 hands an item over.

var (
	// wantsItem is asking for an item: 「我想换」「我也要个」「来一个」.
	wantsItem = gatedre.MustCompile(`(想|要)(换|兑|个|一个|那个|这个)|(换|兑)(个|一个|那个|这个)|来(个|一个)|我也要|给我(换|兑|来)|(^| )(换|兑)\p{Han}{1,6}$|(^| )(我|俺)?(再|也|就)?(换|兑)(一|两|[0-9]+)(副|张|瓶|袋|卷|包|盒|桶|对|幅|条)\p{Han}{1,6}$`)
	// notRedeeming is a question or another errand about an item.
	notRedeeming = gatedre.MustCompile(`[?？吗么]|多少|几个|几分|够不够|够换|够不|能不能|可不可以|怎么|什么|取消|退|码|领|还有|没有|不要|给(她|他|我妈|我爸|老伴)`)
	// asksPrice is asking what an item costs, or whether one's points
	// reach it.
	asksPrice = gatedre.MustCompile(`多少(个)?(积分|分)|几(个)?(积分|分)|(积分|分)(够|够不够)|够(不够)?换|够(吗|不|么)|(有了|到了|来了|补了|有货)(没有|没|吗|不)|(怎么|咋|为啥|为什么)?换不了|显示没(有)?(了|货)`)
)

// wordsLen is the longest message, in runes, read for the shop in words.
const wordsLen = 30

// itemNamed is the one shelf item words name, by its whole name or by two
// characters in a row no other item has.
func itemNamed(items []Item, words string) (Item, bool) {
	var hit []Item
	for _, it := range items {
		if strings.Contains(words, it.Name) {
			hit = append(hit, it)
		}
	}
	if len(hit) == 0 {
		names := make([]string, len(items))
		for i, it := range items {
			names[i] = it.Name
		}
		for i, it := range items {
			if intent.OwnPiece(names, i, words) {
				hit = append(hit, it)
			}
		}
	}
	if len(hit) == 0 {
		// 「袋子我也换一个」: the kind of thing, with 子, is the one item
		// of that kind.
		for _, it := range items {
			r := []rune(it.Name)
			if len(r) >= 2 && strings.Contains(words, string(r[len(r)-1])+"子") {
				hit = append(hit, it)
			}
		}
	}
	if len(hit) != 1 {
		return Item{}, false
	}
	return hit[0], true
}

// redeemWords redeems the item a resident asks for in their own words,
// before the words are read as anything else (「我也要个环保袋」 reads like
// asking for a helper).
func (s *Shop) redeemWords(ctx context.Context, t *bot.Turn) error {
	it, ok, err := s.itemAsked(ctx, t, wantsItem, notRedeeming)
	if err != nil {
		return err
	}
	if !ok {
		return s.severalAsked(ctx, t)
	}
	t.Keyword, t.Args = "兑换", it.Name
	return s.redeem(ctx, t)
}

// askedWords are the words of a message that ask about an item: all of
// a short one, the last clause of a longer one (「听说积分能换春联了 我有三百
// 多分呢 我换一副春联」).
func askedWords(args string) string {
	text := strings.TrimSpace(args)
	if i := strings.LastIndexAny(text, " ，,。！!"); utf8.RuneCountInString(text) > wordsLen && i > 0 {
		text = strings.TrimSpace(text[i+1:])
	}
	return text
}

// severalAsked answers a swap of two or more shelf items named whole in
// one message (「我换一副春联两张福字」): one at a time, each by its name.
func (s *Shop) severalAsked(ctx context.Context, t *bot.Turn) error {
	text := askedWords(t.Args)
	if t.Msg.Kind != bot.Text || !wantsItem.MatchString(text) || notRedeeming.MatchString(text) {
		return bot.ErrPass
	}
	items, err := s.d.Store.Items(ctx, t.Chat.Community)
	if err != nil {
		return err
	}
	var lines []string
	for _, it := range items {
		if strings.Contains(text, it.Name) {
			lines = append(lines, "「兑换 "+it.Name+"」")
		}
	}
	if len(lines) < 2 {
		return bot.ErrPass
	}
	t.Reply("一次换一样，请分开发：" + strings.Join(lines, "、") + "。")
	return nil
}

// itemAsked is the one shelf item a short message names when it reads by
// asks and not by not (nil for none).
func (s *Shop) itemAsked(ctx context.Context, t *bot.Turn, asks, not *gatedre.Regexp) (Item, bool, error) {
	text := askedWords(t.Args)
	if t.Msg.Kind != bot.Text || utf8.RuneCountInString(text) > wordsLen || !asks.MatchString(text) || not != nil && not.MatchString(text) {
		return Item{}, false, nil
	}
	items, err := s.d.Store.Items(ctx, t.Chat.Community)
	if err != nil {
		return Item{}, false, err
	}
	it, ok := itemNamed(items, text)
	return it, ok, nil
}

// priceWords answers what an item costs and whether the asker's points
// reach it.
func (s *Shop) priceWords(ctx context.Context, t *bot.Turn) error {
	it, ok, err := s.itemAsked(ctx, t, asksPrice, nil)
	if err != nil || !ok {
		return bot.OrPass(err)
	}
	bal, err := s.d.Store.Balance(ctx, t.Member.ID, t.Chat.Community)
	if err != nil {
		return err
	}
	head := fmt.Sprintf("「%s」要%d积分（还剩%d件），您现在有%d积分", it.Name, it.Price, it.Stock, bal)
	switch {
	case it.Stock <= 0:
		t.Reply(head + "。这件已经兑完了，请留意补货。")
	case bal < it.Price:
		t.Reply(fmt.Sprintf("%s，还差%d积分。", head, it.Price-bal))
	case redeemIfEnough.MatchString(t.Args):
		// 「够就换一个」: enough, so it is done.
		t.Keyword, t.Args = "兑换", it.Name
		return s.redeem(ctx, t)
	default:
		t.Reply(fmt.Sprintf("%s，够换。要换的话发「兑换 %s」。", head, it.Name))
	}
	return nil
}

// redeemIfEnough asks to redeem when the points reach: 「够就换一个」.
var redeemIfEnough = gatedre.MustCompile(`(^|[^不])够(的话)?(就)?(给我)?(换|兑|来)`)

// The words of a coordinator changing the shelf: a price 「洗衣液进价涨了
// 改成100分吧」「环保袋改成25分」, stock come in 「小垃圾桶又到了5个 加上」.
var (
	repriced = gatedre.MustCompile(`^(?P<item>\p{Han}{2,8}?)(的)?(进价|价格|价钱|单价)?(涨了|贵了|便宜了|降了)?[\s，,]*(价格|价钱)?(改成|改为|调成|调到|涨到|降到|变成|改到)\s*(?P<n>[0-9]+)\s*(个)?(积分|分)`)
	// restockedCount is a restock told count first: 「又给送来8瓶洗衣液」.
	restockedCount = gatedre.MustCompile(`(又|再)?(给)?(送来|送了|到了|来了|进了|拿来|补了|买了|捐了)(了)?\s*(?P<n>[0-9]+|[一二两三四五六七八九十]+)\s*(个|件|袋|瓶|箱|把|只|盒|套|条|包|提)(?P<item>\p{Han}{2,8}?)([，,。 ]|$|(加|补|放)到)`)
	// restockedFound is stock found and to be put up, the thing named
	// elsewhere: 「…其实仓库里还有一箱 50个 我怎么加上去啊」.
	restockedFound = gatedre.MustCompile(`(还有|又有|多了|找到|有)(一箱|一批|一些)?\s*(?P<n>[0-9]+|[一二两三四五六七八九十]+)\s*(个|件|袋|瓶|把|只|盒|套|条|包|提).{0,12}(加上去|加上|补上|放上去|加进去|添上|补进去)`)
	restocked      = gatedre.MustCompile(`^(?P<item>\p{Han}{2,8}?)(又|再)?(到了|来了|送来了|送来|到货了?|补了|进了|加|添|补)\s*(?P<n>[0-9]+|[一二两三四五六七八九十]+)\s*(个|件|袋|瓶|箱|把|只|盒|套|条|包)`)
)

// draftPrice reads a coordinator's words as 改价 <名称> <积分>, for a thing
// on the shelf.
func (s *Shop) draftPrice(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	m := repriced.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	name, ok := s.shelfName(ctx, t, m[repriced.SubexpIndex("item")])
	if !ok {
		return "", false
	}
	return name + " " + m[repriced.SubexpIndex("n")], true
}

// draftStock reads a coordinator's words as 加库存 <名称> <数量>, for a thing
// on the shelf (「手工课名额再加5个」 is an event's places).
func (s *Shop) draftStock(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	// 「洗衣液又到了10瓶」, or how many first: 「街道又给送来8瓶洗衣液」.
	for _, re := range []*gatedre.Regexp{restocked, restockedCount} {
		m := re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		name, ok := s.shelfName(ctx, t, m[re.SubexpIndex("item")])
		if !ok {
			continue
		}
		if n, ok := numerals.Parse(m[re.SubexpIndex("n")]); ok && n > 0 {
			return name + " " + strconv.Itoa(n), true
		}
	}
	if m := restockedFound.FindStringSubmatch(text); m != nil {
		items, err := s.d.Store.Items(ctx, t.Chat.Community)
		if err != nil {
			return "", false
		}
		it, ok := itemNamed(items, text)
		if n, okN := numerals.Parse(m[restockedFound.SubexpIndex("n")]); ok && okN && n > 0 {
			return it.Name + " " + strconv.Itoa(n), true
		}
	}
	return "", false
}

// shelfName is the name on the shelf of the thing words name
// (「洗衣液换的人多」 is 洗衣液); false when the shop has none.
func (s *Shop) shelfName(ctx context.Context, t *bot.Turn, said string) (string, bool) {
	it, err := s.findItem(ctx, t.Chat.Community, said)
	return it.Name, err == nil
}

// itemAndNumber reads 「洗衣液 100」 into the shelf item it names and the
// number.
func (s *Shop) itemAndNumber(ctx context.Context, t *bot.Turn, usage string) (Item, int64, error) {
	fields := strings.Fields(t.Args)
	if len(fields) < 2 {
		return Item{}, 0, bot.Userf("格式：%s", usage)
	}
	n, err := strconv.ParseInt(fields[len(fields)-1], 10, 64)
	if err != nil || n <= 0 || n > 100000 {
		return Item{}, 0, bot.Userf("数字没看懂，请写1到100000之间的整数。格式：%s", usage)
	}
	it, err := s.findItem(ctx, t.Chat.Community, strings.Join(fields[:len(fields)-1], ""))
	return it, n, err
}

// reprice handles 改价 <名称> <积分>.
func (s *Shop) reprice(ctx context.Context, t *bot.Turn) error {
	it, n, err := s.itemAndNumber(ctx, t, "改价 洗衣液 100")
	if err != nil {
		return err
	}
	was := it.Price
	it.Price, it.UpdatedAt = n, t.Now
	if it, err = s.d.Store.PutItem(ctx, it); err != nil {
		return err
	}
	t.Reply(fmt.Sprintf("「%s」已从%d积分改为%d积分，库存%d。已兑换的按原价，不受影响。", it.Name, was, it.Price, it.Stock))
	return nil
}

// restock handles 加库存 <名称> <数量>.
func (s *Shop) restock(ctx context.Context, t *bot.Turn) error {
	return s.changeStock(ctx, t, "加库存 环保袋 10", func(was, n int64) int64 { return was + n })
}

// setStock handles 改库存 <名称> <数量>: the stock counted, set as it is.
func (s *Shop) setStock(ctx context.Context, t *bot.Turn) error {
	return s.changeStock(ctx, t, "改库存 洗洁精 12", func(_, n int64) int64 { return n })
}

// changeStock sets the stock of the thing named to what to makes of the
// stock it had and the number said, and says both.
func (s *Shop) changeStock(ctx context.Context, t *bot.Turn, usage string, to func(was, n int64) int64) error {
	it, n, err := s.itemAndNumber(ctx, t, usage)
	if err != nil {
		return err
	}
	was := it.Stock
	it.Stock, it.UpdatedAt = to(was, n), t.Now
	if it, err = s.d.Store.PutItem(ctx, it); err != nil {
		return err
	}
	t.Reply(fmt.Sprintf("「%s」库存%d → %d。", it.Name, was, it.Stock))
	return nil
}

// stockCounted is a stock said as it is, to be set: 「洗洁精就12瓶 你改成12」
// 「库存改成12」.
var stockCounted = gatedre.MustCompile(`(改成|改为|改到|调成|调到|就是|只有|实际(是|有)?)\s*([0-9]+)\s*(个|把|件|瓶|袋|份|只|条|盒|套|张|本|箱|卷|包|提)?(吧|了)?$`)

// draftSetStock reads a coordinator's words as 改库存 <名称> <数量>, for the
// one thing on the shelf they name.
func (s *Shop) draftSetStock(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	m := stockCounted.FindStringSubmatch(text)
	if m == nil || strings.Contains(text, "分") {
		return "", false
	}
	items, err := s.d.Store.Items(ctx, t.Chat.Community)
	if err != nil {
		return "", false
	}
	it, ok := itemNamed(items, text)
	if !ok {
		return "", false
	}
	return it.Name + " " + m[3], true
}

// stockIntent is a coordinator asking what is left: 「环保袋还剩几个了」.
func stockIntent() intent.Decl {
	return intent.Decl{Name: "stock", Label: "库存", Shape: intent.Free, Asks: true,
		Cues: []string{`(还剩|剩|还有)(几个|多少|几件|多少个)(了)?( |$)`, `库存(还有|还剩|有|剩)?(多少|几个|怎么样)`,
			// 「积分超市那边换出去多少东西了」
			`(超市|商城|商店).{0,6}(换出去|换了|兑换了|兑出去)(多少|几)`}}
}

// stock handles 库存: each item on the shelf with its price and stock.
func (s *Shop) stock(ctx context.Context, t *bot.Turn) error {
	items, err := s.d.Store.Items(ctx, t.Chat.Community)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		t.Reply("积分商城还没有礼品。上架发「添加商品 环保袋 30积分 库存20」。")
		return nil
	}
	if it, ok := itemNamed(items, t.Args); ok && t.Keyword == "" {
		items = []Item{it}
	}
	var b strings.Builder
	b.WriteString("商城库存：")
	for _, it := range items {
		fmt.Fprintf(&b, "\n%s %d积分 库存%d", it.Name, it.Price, it.Stock)
	}
	t.Reply(b.String())
	return nil
}

// handOverWords are a coordinator handing an item over, or checking a
// code, in words: 「刘大爷来领环保袋了 你给核了吧」「胡大爷拿个码5566说是领
// 垃圾桶的 你看看对不对」.
var (
	handsOver  = gatedre.MustCompile(`(来领|来拿|领走|拿走|来取|取走).{0,24}(核|销)|(核了|核一下|核下|核销一下|给核|销了吧|给他销|给她销)`)
	codeSaid   = gatedre.MustCompile(`码\s*[:：]?\s*([0-9A-Za-z]{4,8})`)
	whoCame    = gatedre.MustCompile(`^(?P<who>\p{Han}{2,4}?)(刚刚|刚才|刚)?(来)?(把[^，, ]{1,8})?(来领|来拿|来取|领走|拿走|取走|拿着|拿个|拿了|领了)`)
	checksCode = gatedre.MustCompile(`对不对|是不是|看看|查查|查一下|真的假的|有没有`)
)

// handOverSaidIntent reads those words.
func handOverSaidIntent() intent.Decl {
	return intent.Decl{Name: "handover_said", Label: "核销", Shape: intent.Free,
		Cues: []string{handsOver.String(), `码\s*[0-9A-Za-z]{4,8}.{0,16}(对不对|是不是|看看|查查|查一下)`}}
}

// handOverSaid checks the code said, or hands over the one item waiting for
// the resident named.
func (s *Shop) handOverSaid(ctx context.Context, t *bot.Turn) error {
	text := t.Msg.Text
	if m := codeSaid.FindStringSubmatch(text); m != nil {
		t.Args = m[1]
		if checksCode.MatchString(text) {
			r, err := s.findCode(ctx, t, "核销")
			if err != nil {
				return err
			}
			t.Reply(fmt.Sprintf("兑换码 %s：「%s」，%s。", r.Code, r.ItemName, r.State))
			return nil
		}
		return s.handOver(ctx, t)
	}
	const byCode = "请看居民的兑换码，发「核销 兑换码」。"
	m := whoCame.FindStringSubmatch(text)
	if m == nil {
		return bot.Userf(byCode)
	}
	name := m[whoCame.SubexpIndex("who")]
	if found, err := s.d.Members.MembersByName(ctx, t.Chat.Community, name); err != nil {
		return err
	} else if len(found) == 0 {
		return bot.Userf("没找到叫“%s”的居民的兑换。%s", name, byCode)
	}
	member, err := s.named(ctx, t.Chat.Community, name)
	if err != nil {
		return err
	}
	rs, err := s.d.Store.Redemptions(ctx, member.ID, t.Chat.Community, 20)
	if err != nil {
		return err
	}
	var waiting []Redemption
	for _, r := range rs {
		if r.State == Reserved && (strings.Contains(text, r.ItemName) || len(rs) == 1 || !mentionsAnyItem(text, rs)) {
			waiting = append(waiting, r)
		}
	}
	switch len(waiting) {
	case 0:
		return bot.Userf("%s没有待领取的兑换。", member.Name)
	case 1:
		t.Args = waiting[0].Code
		return s.handOver(ctx, t)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s有%d件待领取，请发「核销 兑换码」：", member.Name, len(waiting))
	for _, r := range waiting {
		fmt.Fprintf(&b, "\n%s %s", r.Code, r.ItemName)
	}
	t.Reply(b.String())
	return nil
}

// mentionsAnyItem reports whether text names the item of any of rs.
func mentionsAnyItem(text string, rs []Redemption) bool {
	for _, r := range rs {
		if strings.Contains(text, r.ItemName) {
			return true
		}
	}
	return false
}
