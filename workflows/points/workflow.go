package points

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/fold"
	"linli/internal/gatedre"
)

// Limits on what a coordinator may put in the shop, to catch typos such as
// an extra zero.
const (
	maxPrice = 1_000_000
	maxStock = 100_000
)

// Shop is the points shop workflow: coordinators stock it, residents trade
// points for souvenirs and collect them with a code.
type Shop struct {
	cfg Config
	d   Deps
}

// Config are the shop's settings.
type Config struct {
	// Salt, when set from the config, makes redemption codes impossible to
	// work out from who redeemed what when; without it codes depend only
	// on the redemption, so transcripts are stable.
	Salt string
}

// Deps are the shop's collaborators.
type Deps struct {
	Store ShopStore
	// Members, when set, lets coordinators add and take back points by
	// hand (加积分, 扣积分).
	Members Members
}

// NewShop builds the shop.
func NewShop(cfg Config, d Deps) (*Shop, error) {
	if d.Store == nil {
		return nil, errors.New("new points shop: store is required")
	}
	return &Shop{cfg: cfg, d: d}, nil
}

// Register adds the shop's commands.
func (s *Shop) Register(r bot.Registry) {
	r.AddCommand(bot.Command{Keywords: []string{"积分商城", "商城"}, Help: "积分商城 — 看看积分能换什么", Handle: s.list, Intent: shopIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"兑换"}, Help: "兑换 <礼品> — 用积分兑换礼品", Handle: s.redeem, Intent: redeemIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"取消兑换"}, Help: "取消兑换 <兑换码> — 领取前退回积分", Handle: s.cancel, Intent: cancelRedeemIntent()})
	r.AddCommand(bot.Command{Handle: notTransferable, Intent: transferIntent()})
	r.AddCommand(bot.Command{Handle: notHeld, Intent: holdIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"我的兑换"}, Help: "我的兑换 — 查看兑换码", Handle: s.mine, Intent: myRedeemIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"积分明细"}, Help: "积分明细 — 最近10笔积分（私信）", Handle: s.history, Intent: historyIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"添加商品", "上架"}, Role: bot.Coordinator,
		Help: "添加商品 <名称> <价格>积分 库存<数量>", Handle: s.addItem, Draft: s.draftItem,
		Intent: intent.Decl{Beyond: []string{`(上架|添加|加|增加|新增)(个|一个|一些|点)?(新)?(商品|礼品|奖品)`}}})
	r.AddCommand(bot.Command{Handle: pointsNotChanged, Intent: changePointsIntent()})
	if s.d.Members != nil {
		r.AddCommand(bot.Command{Keywords: []string{"加积分", "奖励积分"}, Role: bot.Coordinator,
			Help: "加积分 <名字> <分数> <原因> — 给居民加积分（本人会收到私信）", Handle: s.grant, Draft: s.draftGrant})
		r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: s.handOverSaid, Intent: handOverSaidIntent()})
		r.AddCommand(bot.Command{Keywords: []string{"查积分"}, Role: bot.Coordinator,
			Help: "查积分 <名字> — 一位居民的积分和最近几笔（私信）", Handle: s.pointsOf, Intent: lookupIntent()})
		r.AddCommand(bot.Command{Keywords: []string{"扣积分"}, Role: bot.Coordinator,
			Help: "扣积分 <名字> <分数> <原因> — 扣回记错的积分", Handle: s.deduct, Draft: s.draftDeduct})
	}
	r.AddCommand(bot.Command{Keywords: []string{"改价"}, Role: bot.Coordinator, Help: "改价 <名称> <积分> — 改礼品的价格", Handle: s.reprice, Draft: s.draftPrice})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: pickupNoted, Intent: pickupToldIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"加库存", "补货"}, Role: bot.Coordinator, Help: "加库存 <名称> <数量> — 新到的礼品加进库存", Handle: s.restock, Draft: s.draftStock})
	r.AddCommand(bot.Command{Keywords: []string{"改库存"}, Role: bot.Coordinator, Help: "改库存 <名称> <数量> — 按实际数的改库存", Handle: s.setStock, Draft: s.draftSetStock})
	r.AddCommand(bot.Command{Keywords: []string{"库存"}, Role: bot.Coordinator, Help: "库存 — 商城礼品的价格和库存", Handle: s.stock, Intent: stockIntent()})
	r.AddListener(bot.Listener{Name: "points-redeem-words", First: true, Handle: s.redeemWords})
	r.AddListener(bot.Listener{Name: "points-price-words", First: true, Handle: s.priceWords})
	r.AddCommand(bot.Command{Keywords: []string{"下架"}, Role: bot.Coordinator, Help: "下架 <名称>", Handle: s.delist})
	r.AddCommand(bot.Command{Keywords: []string{"核销"}, Role: bot.Coordinator, Help: "核销 <兑换码> — 礼品已交给居民", Handle: s.handOver,
		Intent: intent.Decl{Beyond: []string{`核销|(核|核对)(一下|下)?(兑换码|取货码|码)`}}})
}

// The words of 添加商品: a price is a whole word ("100积分", or "100"
// followed by "积分"), a stock is "库存20" (or "库存 20"); every other word
// is the item's name, so "5分钱纪念币" stays a name and is never a price.
var (
	priceWord = gatedre.MustCompile(`^([-+−－]?[0-9０-９.．]+)(积分|分)$`)
	numWord   = gatedre.MustCompile(`^[-+−－]?[0-9０-９.．]+$`)
	stockWord = gatedre.MustCompile(`^库存[:：]?(.*?)(?:个|件|份)?$`)
	wholeNum  = gatedre.MustCompile(`^[0-9]+$`)
)

// parseItem reads "环保袋 100积分 库存20" in any order. It is strict, since
// prices become points: a negative, decimal or malformed price or stock is
// refused with a sentence that says how to write it.
func parseItem(args string) (name string, price, stock int64, err error) {
	const usage = "格式：添加商品 环保袋 100积分 库存20"
	var (
		names                []string
		priceText, stockText string
		havePrice, haveStock bool
	)
	words := strings.Fields(args)
	for i := 0; i < len(words); i++ {
		w := words[i]
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		case priceWord.MatchString(w), numWord.MatchString(w) && (next == "积分" || next == "分"):
			if havePrice {
				return "", 0, 0, bot.Userf("价格写了两次，请只写一个。" + usage)
			}
			havePrice = true
			priceText = priceWord.ReplaceAllString(w, "$1")
			if numWord.MatchString(w) {
				i++
			}
		case stockWord.MatchString(w):
			if haveStock {
				return "", 0, 0, bot.Userf("库存写了两次，请只写一个。" + usage)
			}
			haveStock = true
			stockText = stockWord.FindStringSubmatch(w)[1]
			if stockText == "" && next != "" {
				stockText = strings.TrimRight(next, "个件份")
				i++
			}
		default:
			names = append(names, w)
		}
	}
	if !havePrice {
		return "", 0, 0, bot.Userf("请写明价格。" + usage)
	}
	if !haveStock {
		return "", 0, 0, bot.Userf("请写明库存。" + usage)
	}
	priceText, stockText = fold.Width(priceText), fold.Width(stockText)
	if !wholeNum.MatchString(priceText) {
		return "", 0, 0, bot.Userf("价格“%s积分”不对：请写1到%d之间的整数，例如：100积分。", priceText, maxPrice)
	}
	if !wholeNum.MatchString(stockText) {
		return "", 0, 0, bot.Userf("库存“%s”不对：请写整数，例如：库存20。", stockText)
	}
	price, _ = strconv.ParseInt(priceText, 10, 64)
	stock, _ = strconv.ParseInt(stockText, 10, 64)
	name = strings.Join(names, " ")
	switch {
	case name == "":
		return "", 0, 0, bot.Userf("请写明礼品名称。" + usage)
	case len([]rune(name)) > 20:
		return "", 0, 0, bot.Userf("礼品名称太长了，请控制在20个字以内。")
	case price <= 0 || price > maxPrice:
		return "", 0, 0, bot.Userf("价格要在1到%d积分之间。", maxPrice)
	case stock > maxStock:
		return "", 0, 0, bot.Userf("库存最多%d件。", maxStock)
	}
	return name, price, stock, nil
}

// addItem puts one thing in the shop, or several, one a line (「添加商品
// 环保袋 30积分 库存50」 and the next lines, as a draft of several things
// is written): all of them, or none when a line is wrong.
func (s *Shop) addItem(ctx context.Context, t *bot.Turn) error {
	var added []string
	for _, line := range strings.Split(t.Args, "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "添加商品"))
		if line == "" {
			continue
		}
		name, price, stock, err := parseItem(line)
		if err != nil {
			return err
		}
		it, err := s.d.Store.PutItem(ctx, Item{Community: t.Chat.Community, Name: name, Price: price, Stock: stock, UpdatedAt: t.Now})
		if err != nil {
			return err
		}
		added = append(added, fmt.Sprintf("%s %d积分 库存%d", it.Name, it.Price, it.Stock))
	}
	if len(added) == 0 {
		_, _, _, err := parseItem("")
		return err
	}
	if len(added) == 1 {
		t.Reply("已上架：" + added[0])
		return nil
	}
	t.Reply("已上架：\n" + strings.Join(added, "\n"))
	return nil
}

func (s *Shop) delist(ctx context.Context, t *bot.Turn) error {
	name := strings.TrimSpace(t.Args)
	if name == "" {
		return bot.Userf("请写明要下架的礼品，例如：下架 环保袋")
	}
	it, err := s.d.Store.ItemByName(ctx, t.Chat.Community, name)
	if errors.Is(err, bot.ErrNotFound) || (err == nil && !it.Active) {
		return bot.Userf("商城里没有「%s」。", name)
	}
	if err != nil {
		return err
	}
	if err := s.d.Store.SetItemActive(ctx, it.ID, false, t.Now); err != nil {
		return err
	}
	t.Reply(fmt.Sprintf("已下架「%s」。已兑换未领取的仍可核销。", it.Name))
	return nil
}

func (s *Shop) list(ctx context.Context, t *bot.Turn) error {
	items, err := s.d.Store.Items(ctx, t.Chat.Community)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		t.Reply("积分商城还没有礼品，请等社区上架。")
		return nil
	}
	bal, err := s.d.Store.Balance(ctx, t.Member.ID, t.Chat.Community)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "积分商城（%s 的积分：%d）", t.Member.Name, bal)
	for i, it := range items {
		stock := fmt.Sprintf("库存%d", it.Stock)
		if it.Stock == 0 {
			stock = "已兑完"
		}
		fmt.Fprintf(&b, "\n%d. %s %d积分 %s", i+1, it.Name, it.Price, stock)
	}
	b.WriteString("\n发送“兑换 礼品名”即可兑换")
	t.Reply(b.String())
	return nil
}

func (s *Shop) redeem(ctx context.Context, t *bot.Turn) error {
	said := strings.TrimSpace(t.Args)
	if said == "" && t.Keyword == "" {
		// Said in their own words (「我想换那个洗衣液」): the item is
		// somewhere in the message.
		said = bot.StripLeadingMentions(t.Msg.Text)
	}
	// 「我要换个环保袋 怎么换」: the how is no part of the name.
	said = strings.TrimSpace(howToRedeem.ReplaceAllString(said, ""))
	if said == "" {
		return bot.Userf("请写明要兑换的礼品，例如：兑换 环保袋。发送“积分商城”查看礼品。")
	}
	community := t.Chat.Community
	it, err := s.findItem(ctx, community, said)
	if err != nil {
		return err
	}
	if m := askedQty.FindStringSubmatch(strings.Replace(said, it.Name, " ", 1)); m != nil && m[1] != "1" && m[1] != "一" {
		// 「兑换 环保袋 -5 个」「两袋」: one item a redemption.
		return bot.Userf("一次只能兑换一件。要兑换「%s」请发：兑换 %s", it.Name, it.Name)
	}
	bal, err := s.d.Store.Balance(ctx, t.Member.ID, community)
	if err != nil {
		return err
	}
	if it.Stock <= 0 {
		return bot.Userf("「%s」已经兑完了，请留意补货。", it.Name)
	}
	if bal < it.Price {
		return bot.Userf("兑换「%s」需要%d积分，您现在有%d积分。", it.Name, it.Price, bal)
	}
	took, err := s.d.Store.TakeStock(ctx, it.ID, t.Now)
	if err != nil {
		return err
	}
	if !took {
		return bot.Userf("「%s」已经兑完了，请留意补货。", it.Name)
	}
	r := Redemption{ItemID: it.ID, ItemName: it.Name, MemberID: t.Member.ID, Community: community,
		Price: it.Price, State: Reserved, CreatedAt: t.Now}
	stored := false
	// The seed names the message, not the member's row id: ids are the
	// store's business (PostgreSQL does not reuse one a failed message
	// took), and a transcript must give the same codes on every store.
	who := t.Msg.ID
	if who == "" {
		who = fmt.Sprintf("member:%d", t.Member.ID)
	}
	seed := fmt.Sprintf("%s|%s|%s|%d|%d", s.cfg.Salt, community, who, it.ID, t.Now.UnixMilli())
	for attempt := 0; attempt < 8 && !stored; attempt++ {
		r.Code = redemptionCode(seed, attempt)
		if r, stored, err = s.d.Store.AddRedemption(ctx, r); err != nil {
			return err
		}
	}
	if !stored {
		return fmt.Errorf("redeem %s: no free redemption code", it.Name)
	}
	ok, err := Spend(ctx, s.d.Store, Entry{MemberID: t.Member.ID, Community: community, Amount: it.Price,
		Reason: "兑换 " + it.Name, SourceKey: "redeem:" + t.Msg.ID, At: t.Now})
	if errors.Is(err, ErrInsufficient) {
		return bot.Userf("兑换「%s」需要%d积分，您的积分不够。", it.Name, it.Price)
	}
	if err != nil {
		return err
	}
	if !ok {
		// The same message redeemed already: keep the first redemption only.
		return bot.Userf("这条兑换已经处理过了。发送“我的兑换”查看兑换码。")
	}
	t.ReplyPrivately(fmt.Sprintf("兑换成功：「%s」，扣除%d积分，剩余%d积分。\n兑换码：%s\n请凭兑换码找社区工作人员领取；领取前可发送“取消兑换 %s”退回积分。",
		it.Name, it.Price, bal-it.Price, r.Code, r.Code))
	if t.InGroup() {
		t.Reply(fmt.Sprintf("%s 兑换了「%s」，兑换码已私信发送。", t.Member.Name, it.Name))
	}
	return nil
}

// itemLead and itemTail are what residents put around an item's name:
// 「我想换」「用积分换」, 「那个」, a quantity (「一包」「两袋」), a closing
// particle.
var (
	itemLead = gatedre.MustCompile(`^(我)?(想|要)?(用|拿)?(我的)?(积分)?(换|兑换|兑)?(那个|这个|个|(那|这)?[0-9一二两三四五六七八九十]+(个|份|袋|瓶|包|件|条|盒|支|把|双|张|桶|只|块|提|卷)?)?`)
	itemTail = gatedre.MustCompile(`(吧|吗|呗|了|啊|呀|哈|好吗|可以吗|行吗)+$`)
)

// askedQty is a quantity asked for beside an item: 「-5 个」「两袋」「99999 件」.
var askedQty = gatedre.MustCompile(`([-−－]?[0-9]+|[一二两三四五六七八九十]+)\s*(个|件|份|袋|瓶|包|张|盒|只|条|支|桶)`)

// findItem finds the item on the shelf a resident asks for: by its name,
// by its number in the shop's list (「兑换 2」), by its name with a
// quantity or 「那个」 around it (「一包垃圾袋」), or by the one name their
// words contain (「我想换那个洗衣液」). Anything else is a sentence for the
// resident: not found, or which of several.
func (s *Shop) findItem(ctx context.Context, community, said string) (Item, error) {
	it, err := s.d.Store.ItemByName(ctx, community, said)
	if err == nil && it.Active {
		return it, nil
	}
	if err != nil && !errors.Is(err, bot.ErrNotFound) {
		return Item{}, err
	}
	items, err := s.d.Store.Items(ctx, community)
	if err != nil {
		return Item{}, err
	}
	bare := itemTail.ReplaceAllString(strings.Join(strings.Fields(said), ""), "")
	if n, err := strconv.Atoi(strings.TrimPrefix(bare, "#")); err == nil {
		if n >= 1 && n <= len(items) {
			return items[n-1], nil
		}
		return Item{}, bot.Userf("积分商城里没有第%d件礼品。发送“积分商城”看看有哪些礼品。", n)
	}
	bare = itemLead.ReplaceAllString(bare, "")
	var named []Item
	for _, it := range items {
		switch {
		case it.Name == bare:
			return it, nil
		case utf8.RuneCountInString(it.Name) >= 2 && strings.Contains(said, it.Name),
			utf8.RuneCountInString(bare) >= 2 && strings.Contains(it.Name, bare):
			named = append(named, it)
		}
	}
	switch len(named) {
	case 1:
		return named[0], nil
	case 0:
		shown := bare
		if shown == "" {
			shown = said
		}
		if utf8.RuneCountInString(shown) > 12 {
			shown = string([]rune(shown)[:12]) + "…"
		}
		return Item{}, bot.Userf("积分商城里没有「%s」。发送“积分商城”看看有哪些礼品。", shown)
	}
	names := make([]string, len(named))
	for i, it := range named {
		names[i] = "兑换 " + it.Name
	}
	return Item{}, bot.Userf("您要换哪一件？请发送：%s", strings.Join(names, "，或 "))
}

// findCode looks up a redemption code said in the turn, for the chat's
// community only.
func (s *Shop) findCode(ctx context.Context, t *bot.Turn, verb string) (Redemption, error) {
	code := strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t.Args), "#")))
	if code == "" {
		return Redemption{}, bot.Userf("请写明兑换码，例如：%s K7M2Q9", verb)
	}
	r, err := s.d.Store.RedemptionByCode(ctx, code)
	if errors.Is(err, bot.ErrNotFound) || (err == nil && r.Community != t.Chat.Community) {
		return r, bot.Userf("没有找到兑换码 %s，请核对后再试。", code)
	}
	return r, err
}

func (s *Shop) handOver(ctx context.Context, t *bot.Turn) error {
	r, err := s.findCode(ctx, t, "核销")
	if err != nil {
		return err
	}
	switch r.State {
	case HandedOver:
		return bot.Userf("兑换码 %s 已于%s核销过了。", r.Code, r.UpdatedAt.In(t.Loc).Format("1月2日 15:04"))
	case Cancelled:
		return bot.Userf("兑换码 %s 已取消，不能核销。", r.Code)
	}
	ok, err := s.d.Store.SetRedemptionState(ctx, r.ID, HandedOver, t.Member.ID, t.Now)
	if err != nil {
		return err
	}
	if !ok {
		return bot.Userf("兑换码 %s 已经处理过了。", r.Code)
	}
	t.Reply(fmt.Sprintf("已核销 %s：「%s」已领取。", r.Code, r.ItemName))
	return nil
}

func (s *Shop) cancel(ctx context.Context, t *bot.Turn) error {
	r, err := s.findCode(ctx, t, "取消兑换")
	if err != nil {
		return err
	}
	if r.MemberID != t.Member.ID && !t.IsCoordinator() {
		return bot.Userf("没有找到兑换码 %s，请核对后再试。", r.Code)
	}
	switch r.State {
	case HandedOver:
		return bot.Userf("兑换码 %s 的礼品已经领取，不能取消。", r.Code)
	case Cancelled:
		return bot.Userf("兑换码 %s 已经取消过了。", r.Code)
	}
	ok, err := s.d.Store.SetRedemptionState(ctx, r.ID, Cancelled, t.Member.ID, t.Now)
	if err != nil {
		return err
	}
	if !ok {
		return bot.Userf("兑换码 %s 已经处理过了。", r.Code)
	}
	if err := s.d.Store.ReturnStock(ctx, r.ItemID, t.Now); err != nil {
		return err
	}
	if _, err := s.d.Store.Credit(ctx, Entry{MemberID: r.MemberID, Community: r.Community, Amount: r.Price,
		Reason: "取消兑换 " + r.ItemName, SourceKey: "redeem-cancel:" + r.Code, At: t.Now}); err != nil {
		return err
	}
	t.Reply(fmt.Sprintf("已取消兑换 %s（%s），%d积分已退回。", r.Code, r.ItemName, r.Price))
	return nil
}

func (s *Shop) mine(ctx context.Context, t *bot.Turn) error {
	rs, err := s.d.Store.Redemptions(ctx, t.Member.ID, t.Chat.Community, 10)
	if err != nil {
		return err
	}
	missing := missingGift.MatchString(intent.Fold(t.Msg.Text))
	if len(rs) == 0 && missing {
		// Told of a gift paid for: the record says none was, and a person
		// looks into it.
		t.ReplyPrivately("我这里查不到您的兑换记录，积分也没有因为兑换扣过（发「积分明细」可以看每一笔）。您觉得不对的话，发「转告社区 兑换的事」，我转给社区工作人员帮您查。")
		return nil
	}
	if len(rs) == 0 {
		t.ReplyPrivately("您还没有兑换过礼品。发送“积分商城”看看有哪些礼品。")
		return nil
	}
	var b strings.Builder
	b.WriteString("我的兑换：")
	waiting := false
	for _, r := range rs {
		fmt.Fprintf(&b, "\n%s %s %s", r.Code, r.ItemName, r.State)
		waiting = waiting || r.State == Reserved
	}
	if waiting {
		b.WriteString("\n领的时候，把兑换码给社区工作人员看一下就行（给他们看这条消息也可以）。")
	}
	if missing {
		b.WriteString("\n和您记得的不一样的话，发「转告社区 兑换的事」，我转给社区工作人员帮您查。")
	}
	if codeForwarded.MatchString(intent.Fold(t.Msg.Text)) && waiting {
		// The code is hers to give: whoever shows it collects.
		t.ReplyPrivately("可以。兑换码是您自己的，转给家里人，凭码就能替您领。\n" + b.String())
		return nil
	}
	t.ReplyPrivately(b.String())
	return nil
}

// history sends the member their latest ledger entries privately.
func (s *Shop) history(ctx context.Context, t *bot.Turn) error {
	entries, err := s.d.Store.History(ctx, t.Member.ID, t.Chat.Community, 10)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		t.ReplyPrivately("您还没有积分记录。每天在群里发送“打卡”就能攒积分。")
		return nil
	}
	bal, err := s.d.Store.Balance(ctx, t.Member.ID, t.Chat.Community)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "积分明细（共%d积分，最近%d笔）：", bal, len(entries))
	for _, e := range entries {
		fmt.Fprintf(&b, "\n%s %s %+d", e.At.In(t.Loc).Format("1月2日"), e.Reason, e.Amount)
	}
	t.ReplyPrivately(b.String())
	return nil
}

// changePointsIntent is asking the bot to add to, take from or clear
// somebody's points (「给我加100积分」「把王大爷的积分清零」).
func changePointsIntent() intent.Decl {
	// Asks: 「前面几天的分给我补上吧 反正你也查不到」 is refused, asked or not.
	return intent.Decl{Name: "change_points", Label: "改积分", Shape: intent.Free, Asks: true,
		Cues: []string{`(给我|帮我|替我|给他|给她)(加|多加|补|送|充)(上)?[0-9一二三四五六七八九十百千两几]*(个|点)?积分`,
			// 「…奖励50分 我都参加完了 赶紧给我加上」
			`[0-9一二三四五六七八九十百]+分[^?？]{0,20}(给我|帮我)(加上|补上|加|补)( |$)`, `(给我|帮我)(账上|账户上)(加|充)(个)?[0-9一二三四五六七八九十百千]+(个)?分`, `把(分|积分)(给我)?(加|补|还)回(去|来)`,
			`把.{1,8}积分(清零|清空|扣|减|改|加|删)`, `(给|帮|替)(我)?(朋友|邻居|家人|老伴)?\p{Han}{0,4}(加|多加|补|送|充)(上)?[0-9一二三四五六七八九十百千两几]+(个|点)?(积分|分)`, `(打卡记录|记录|分数|积分)(都)?(清零|清空|删掉|删了|作废|归零)`, `(积分|积份|分)(先)?(改成|改为|设成|调成|弄成)[0-9]`, `(帮我|给我)改成[0-9一二三四五六七八九十]+(个)?(小时|分|积分)`, `(积分|分)[^?？]{0,20}(帮我|给我)(改|调|恢复)(回去|回来|过来)`, `(给我|帮我)(补|加)(上)?[0-9一二三四五六七八九十百]+(个)?分`, `积分(给我)?清零`, `(给我|帮我)(把积分)?恢复(起|回来|过来)?( |$)`, `翻(个)?倍`, `(直接)?(给我|帮我)(加|补|还)回(去|来)`, `(积分|分)[^ ]{0,6}(恢复|改|调)成[0-9]+|恢复成[0-9]+`, `给我加(够|满)`, `(给|帮|替)\p{Han}{1,8}(加|多加|补)(点|些|一点)(积分|分)`, `把.{1,8}的分(扣|减|清)`, `(扣|减|清零|清空|删)(掉)?(他|她|别人|[王张李刘陈杨赵黄周吴].{0,3})(的)?积分`, `积分(清零|清空|扣掉|减掉|删掉)`, `刷(一下|点|些)?(积分|分)|(积分|分)刷到`, `(给我|帮我)把(积分|分)(补|加|算)(上|回来)?`, `算我[0-9一二三四五六七八九十百千两]+(个)?(积分|分)`, `把(那|这)?[0-9一二三四五六七八九十百千两]+(个)?分(给我)?(补|加|还|算)(上|回来|给我)`,
			// 「前面几天的分给我补上吧」「每人先送100分 给大家加上」「积分按双倍算」
			`(积分|的分)(都)?(给我|帮我)(补|加|算)(上|回来)?`,
			// 「你给我把分改高点 整成第一」「积份给我弄多点」「把4栋那个乱扔垃圾
			// 的积分扣光」
			`(分|积分)[^ ]{0,4}(改|弄|整|调)(高|多)(点|些|一点)?`, `(给我|帮我)(先)?(加|充|补)到[0-9]+`, `(整|弄|改|排)成第一`, `积分(扣光|扣完|全扣|清零)`,
			// 「给他扣点分」「扣他的分 扣光光」「多给我加一百分」
			`(给|帮)?(他|她|\p{Han}{1,3})(扣|减)(点|些|一点|几)(分|积分)`, `(扣|减)(他|她)(的)?(分|积分)`, `多给(我|他|她)加[0-9一二三四五六七八九十百千两几]+(个)?(分|积分)`, `(每人|每个人|大家|所有人|每户)(先|都)?(送|加|多给|给|发)[0-9一二三四五六七八九十百千两]+(个)?(积分|分)`, `(积分|分)(按|算)?(双倍|翻倍|两倍|加倍)`,
			// 「把21天打卡都记满 积分直接加到1000」
			`(积分|分)(直接)?(加|改|弄|充|刷)到[0-9一二三四五六七八九十百千]+`, `打卡(都|全)?(给我)?(记满|补满|打满|补齐|全记上)`,
			// 「我上个月也陪…去过医院 给我也记点积分」
			`(给我|帮我)(也)?(记|加|算|补)(点|些|一点|上点)(积分|分)`,
			// 「我今天也帮楼上老太太提了一袋米 给我记10分」
			`(给我|帮我)(也)?(记|算|记上|算上)[0-9一二三四五六七八九十百千两]+(个)?(积分|分)`,
			// 「你直接给我加个200分 我要换那个洗衣液」
			`(给我|帮我)(直接)?(加|多加|补|送|充)(个|上)?[0-9一二三四五六七八九十百千两]+(个|点)?(积分|分)`,
			// 「何大爷家那个水龙头是我去修的 给我记一下时长和积分」
			`(给我|帮我)(也)?(记|加|算|补)(一下|下|个|上)?(时长|小时|工时)(和|跟|还有|加)?(积分|分)?`,
			// 「…那个我也去了 在医院帮着排队挂号 给我也算上」
			`我也(去|帮|在)(了|过)?.{2,20}(给我|帮我)(也)?(算上|记上|加上)`}}
}

// pointsNotChanged answers a request to change points: they follow the
// rules of check-ins, shares and volunteering, and nobody can set them in
// a chat.
func pointsNotChanged(ctx context.Context, t *bot.Turn) error {
	if t.Member.Role >= bot.Coordinator {
		t.Reply("给居民加减积分请私聊我这样发：加积分 张三 10 帮忙搬桌椅（扣回记错的发：扣积分 张三 5 重复打卡）。不能给自己加。")
		return nil
	}
	t.Reply("积分是打卡、分享、志愿服务时按规则自动记的，在聊天里说一声加减不了。觉得积分有出入，请联系社区工作人员核对。")
	return nil
}

// howToRedeem asks how to redeem, at the end of a redemption said in words.
var howToRedeem = gatedre.MustCompile(`[\s，,]*(怎么|咋|如何|怎样)(换|兑换|兑|弄|拿)(啊|呀|呢)?[?？]*$`)

// notHeld answers a request to keep a gift back.
var notHeld = bot.Answer("礼品不能预留，谁先兑换就是谁的。积分够了，直接发「兑换 礼品名」就行；想知道还差多少分，发「查积分」。")

// notTransferable answers a request to move points between members.
var notTransferable = bot.Answer("积分只记在本人名下，不能转给别人，也不能合并。想换礼品，用自己的积分在「积分商城」兑换。")
