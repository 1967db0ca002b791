package faq

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/knowledge"
	"linli/knowledge/garbage"
	"linli/llm"
)

// Replies residents see; short enough for a phone screen.
const (
	replyEmpty     = "请在「问」后面写上您的问题，比如：问 电池是什么垃圾？"
	replyTooLong   = "问题有点长，我看不过来。请用一两句话说说遇到了什么事，比如：楼上漏水泡坏了我家天花板，谁来赔？"
	replyNotChin   = "目前我只能回答中文问题（垃圾分类、《民法典》常见问题）。"
	replyOutside   = "这个问题我回答不了。我能回答垃圾分类和《民法典》相关的邻里常见问题，比如：电池是什么垃圾？狗咬了人谁负责？"
	legalReminder  = "（以上是一般性法律信息，不能代替律师意见；具体情况可以联系社区法律志愿者。）"
	guideReminder  = "（以上是一般性法律信息，不能代替律师意见。）"
	notSure        = "具体用哪一条法律，我没有把握，就不乱引法条了。一般来说："
	maxQuestionLen = 300
)

// garbageAsk are the ways a sorting question ends or runs.
var garbageAsk = gatedre.MustCompile(`(是|属于|算|归|为)(什么|哪类|哪种|哪一类|哪个)垃圾|(往|朝)哪(个垃圾桶|个桶|个|里|儿)?(扔|丢|倒|放|投)|(扔|丢|投)(到|进|在)?哪(个垃圾桶|个桶|个|里|儿)?|怎么扔|怎么丢|怎样扔|如何扔|放哪个桶|怎么分类|是干垃圾还是湿垃圾|可回收吗|是可回收|是有害垃圾吗|是厨余垃圾吗|是其他垃圾吗`)

// bulky are things too big for any of the four bins: old furniture,
// mattresses, large appliances.
var bulky = gatedre.MustCompile(`^(旧|坏|破|废|不要的|不用的|用坏的|老)?的?(大件垃圾|大件家具|大件|家具|沙发|床垫|席梦思|衣柜|柜子|床|床架|餐桌|书桌|桌子|椅子|茶几|冰箱|洗衣机|空调|空调外机|电视机|热水器|钢琴|电风扇|风扇|电扇|微波炉)(坏了|旧了|不要了|不用了)?$`)

// bulkyWord is a thing too big for any bin, named anywhere in a question.
var bulkyWord = gatedre.MustCompile(`大件家具|家具|沙发|床垫|席梦思|衣柜|柜子|床架|餐桌|书桌|茶几|冰箱|洗衣机|电视机|热水器|钢琴|电风扇|电扇|空调外机|微波炉`)

// ridOfOwn is getting rid of one's own thing: 「想扔掉」「放哪」「找谁来拉」.
var ridOfOwn = gatedre.MustCompile(`(想|要|准备|打算)(扔|丢|处理|卖)|扔(掉|哪)|放哪|拉走|找谁(来)?拉|怎么扔|怎么处理|(直接)?(放|扔|搁)(在|到)?(垃圾桶|桶|垃圾房)(边上|旁边|那|边)|找谁(弄|处理|收)`)

// renovation is building waste from a renovation: no bin takes it.
var renovation = gatedre.MustCompile(`装修垃圾|建筑垃圾|瓷砖|碎砖|砖头|水泥块|石膏板|装修(拆|剩|敲)下来`)

// replyRenovation tells where building waste goes.
const replyRenovation = "装修垃圾（碎瓷砖、砖头、水泥块、拆下的木板等）不进四类垃圾桶：装袋后放到小区指定的装修垃圾堆放点，或请物业预约清运（一般要收清运费），不要堆在楼道里。"

// dud is a firecracker that did not go off.
var dud = gatedre.MustCompile(`哑炮|(没|没有|不)(响|炸)的?(炮|鞭炮|炮仗|烟花|爆竹)|(炮|鞭炮|炮仗|烟花|爆竹)(没|没有)(响|炸)`)

// replyDud keeps a dud firecracker out of every bin.
const replyDud = "没炸响的鞭炮、烟花不要扔进垃圾桶，也千万别再点：先用水泡透，放在远离人和易燃物的地方，交给物业处理；拿不准就打119问。放完的鞭炮纸屑投其他垃圾。"

// bulkyReply tells where bulky waste goes: no bin takes it.
func bulkyReply(item string) string {
	item = bulky.ReplaceAllString(item, "$2")
	if item == "" || strings.HasPrefix(item, "大件") {
		item = "大件家具"
	}
	return fmt.Sprintf("「%s」这类大件垃圾不进四类垃圾桶：请联系物业或社区预约上门回收，或放到小区指定的大件垃圾堆放点，不要堆在楼道里。旧家电也可以找正规回收商或以旧换新。", item)
}

// sortingAsk is a question about garbage sorting as a whole, not about an
// item: it is answered with the four categories.
var sortingAsk = gatedre.MustCompile(`(倒|扔|丢|放)(进|到)?(厨余|其他|有害|可回收|湿垃圾|干垃圾)(垃圾)?(桶)?还是|垃圾(要|该|应该)?(怎么|如何|怎样)(分|分类)|垃圾(分类)?(有|分|分为|包括)(几|哪几|哪些)(类|种|样)|垃圾分(几|哪几)类|(几|哪几)类垃圾|垃圾分类(是什么|怎么弄|怎么做|有哪些)?[?？]?$`)

// sortingOverview names the four categories with their bins, in the
// community's standard.
func sortingOverview(city string) string {
	var b strings.Builder
	b.WriteString("生活垃圾分四类：")
	for _, c := range garbage.Categories() {
		fmt.Fprintf(&b, "\n· %s：%s桶。%s", c.Label(city), c.Bin(city), c.Tip(city))
	}
	b.WriteString("\n具体东西拿不准，可以问我「电池是什么垃圾」。")
	return b.String()
}

// legalAsk are the shapes of a legal question residents ask in a group.
var legalAsk = gatedre.MustCompile(`谁负责|谁来负责|谁赔|谁来赔|谁承担|谁的责任|要赔吗|赔不赔|该赔|犯法吗|违法吗|合法吗|侵权吗|有权|(能|可以)告([^诉]|$)|起诉|能要回|` + askedBack + `|退不退|负责吗|承担责任|赔偿吗|能不能要|怎么分|归谁|算谁的|有没有继承权|法律规定|民法典`)

// questionShape tells a question from a statement, for addressed messages.
var questionShape = gatedre.MustCompile(`[?？吗呢]$|怎么|什么|谁|哪|能不能|可不可以|可以吗|是否|如何|要不要|该不该`)

// question answers a sorting or legal question. Asked with 「问」, in a
// private chat or to the bot, it always gets an answer, honestly hedged;
// asked in a group without addressing the bot, only an answer it is sure
// of, otherwise silence (ErrPass).
func (w *Workflow) question(ctx context.Context, t *bot.Turn) error {
	q := strings.TrimSpace(strings.TrimLeft(t.Args, ":：,， "))
	if t.Keyword != "" || !t.InGroup() || t.Msg.MentionsBot {
		e := w.explain(ctx, t.Chat.Community, w.asked.withContext(t, q))
		if e.Route == RouteLegal || e.Route == RouteArea || e.Route == RouteReferral {
			w.asked.remember(t, e.Question)
		}
		t.Reply(e.Reply)
		return nil
	}
	if sortingAsk.MatchString(q) && utf8.RuneCountInString(q) <= 20 {
		t.Reply(sortingOverview(w.city(t)))
		return nil
	}
	if utf8.RuneCountInString(q) > 80 || knowledge.HanShare(q) < 0.6 || askingNeighbours.MatchString(q) {
		// 「有人知道过期药扔哪吗」 asks the neighbours.
		return bot.ErrPass
	}
	if w.garbageScore(intent.Fold(q)) >= intent.ByCue {
		// A sorting question in a common form gets the bin, or an honest
		// 「不太确定」 with the likeliest bin; an item the classifier does
		// not know at all is left to the neighbours.
		if a, ok := w.classify(w.city(t), w.sortingItem(q)); ok && a.Category != garbage.Unknown {
			if spilled.MatchString(intent.Fold(q)) {
				t.Reply(replySpill)
				return nil
			}
			t.Reply(a.Reply(w.city(t)))
			return nil
		}
	}
	if !w.isGarbageQuestion(q) {
		if res := w.search(ctx, t.Chat.Community, q); res.Confidence >= w.cfg.Unprompted {
			if res, ok := w.reranked(ctx, q, res); ok {
				if reply := w.legal(ctx, q, res); reply != "" {
					t.Reply(reply)
					return nil
				}
			}
		}
	}
	return bot.ErrPass
}

// Route names the rule that decided a reply.
type Route string

// The routes of an answer, in the order they are tried.
const (
	RouteInvalid  Route = "问题无效"   // empty, too long or not Chinese
	RouteSorting  Route = "垃圾分类总览" // how sorting works as a whole
	RouteGarbage  Route = "垃圾分类"   // an item and its bin
	RouteEntry    Route = "社区问答"   // an entry without articles, word for word
	RouteLegal    Route = "法条"     // confident: articles cited
	RouteArea     Route = "法律领域指引" // not sure: the area of law, no article
	RouteReferral Route = "法律转介"   // a legal question in no area it can tell: the volunteer offered
	RouteOutside  Route = "无法回答"   // outside what the bot knows
)

// Explanation is what a resident asking a question directly (问 …)
// would be answered, and why: the console's search tester shows it.
type Explanation struct {
	Question string
	Reply    string
	// Answers is false when the bot abstains ("not sure", the area of
	// law only, or outside its domains).
	Answers bool
	Route   Route
	// Confidence is the search's calibrated confidence in its first
	// article; Threshold is what citing one needs.
	Confidence, Threshold float64
	// Area is the area of law the question was placed in ("" for none).
	Area string
	// Entries are the best matching FAQ entries; Articles the article
	// ranking's head as the reply rests on it: in the model's order when
	// a model reordered it, its first the article cited first.
	Entries  []knowledge.Hit
	Articles []int
	// RulesArticles is the rules' article ranking's head when a model
	// reordered it, nil otherwise.
	RulesArticles []int
	// Searched is false when the reply came before the knowledge base was
	// asked (a sorting question, an invalid one).
	Searched bool
}

// Explain answers q as a resident of community would be answered when
// asking the bot directly, with the reasons.
func (w *Workflow) Explain(ctx context.Context, community, q string) Explanation {
	return w.explain(ctx, community, strings.TrimSpace(q))
}

// explain decides the reply to a question put to the bot, in the order
// the rules apply.
func (w *Workflow) explain(ctx context.Context, community, q string) Explanation {
	city := w.cityOf(community)
	e := Explanation{Question: q, Threshold: w.cfg.Sure}
	done := func(r Route, reply string, answers bool) Explanation {
		e.Route, e.Reply, e.Answers = r, reply, answers
		return e
	}
	switch {
	case q == "":
		return done(RouteInvalid, replyEmpty, false)
	case utf8.RuneCountInString(q) > maxQuestionLen:
		return done(RouteInvalid, replyTooLong, false)
	case knowledge.HanShare(q) < 0.3:
		return done(RouteInvalid, replyNotChin, false)
	}
	if sortingAsk.MatchString(q) {
		return done(RouteSorting, sortingOverview(city), true)
	}
	if f := intent.Fold(q); w.garbageScore(f) >= intent.ByCue {
		switch {
		case dud.MatchString(f):
			return done(RouteGarbage, replyDud, true)
		case renovation.MatchString(f):
			return done(RouteGarbage, replyRenovation, true)
		}
	}
	if reply, ok := w.severalItems(city, q); ok {
		return done(RouteGarbage, reply, true)
	}
	item := w.sortingItem(q)
	if f := intent.Fold(q); bulky.MatchString(item) && (garbageAsk.MatchString(f) || disposeAsk.MatchString(f) || ridOfOwn.MatchString(f)) {
		return done(RouteGarbage, bulkyReply(item), true)
	}
	if garbageAsk.MatchString(q) || w.garbageScore(intent.Fold(q)) >= intent.ByCue {
		if a, ok := w.classify(city, item); ok {
			if spilled.MatchString(intent.Fold(q)) {
				return done(RouteGarbage, replySpill, true)
			}
			return done(RouteGarbage, a.Reply(city), a.Sure())
		}
	}
	res := w.search(ctx, community, q)
	e.Searched, e.Confidence, e.Area = true, res.Confidence, res.Area.Name
	e.Entries = res.FAQ[:min(len(res.FAQ), 3)]
	e.Articles = articlesHead(res)
	if len(res.FAQ) > 0 && len(res.FAQ[0].Chunk.Articles) == 0 && res.FAQ[0].Coverage >= entryMatch {
		// An entry a coordinator added without citing an article answers
		// the question it was written for.
		return done(RouteEntry, res.FAQ[0].Chunk.Text, true)
	}
	vetoed := false
	if res.Confidence >= w.cfg.Sure {
		var ok bool
		if res, ok = w.reranked(ctx, q, res); ok {
			e.reorderedBy(res)
			if reply := w.legal(ctx, q, res); reply != "" {
				return done(RouteLegal, reply, true)
			}
		}
		vetoed = !ok
	}
	// A bare item name ("电池") is a sorting question too.
	if a, ok := w.classify(city, q); ok && a.Sure() && utf8.RuneCountInString(q) <= 12 {
		return done(RouteGarbage, a.Reply(city), true)
	}
	if p := res.Place; len(p.Areas) > 0 && (p.Own || vetoed) {
		// A question its own words place in the law gets the guidance of
		// its area, and of the runner-up when the evidence is split
		// between the two; so does one the rules took for a legal one and
		// the model found no article for.
		e.Area = w.areaNames(p.Areas)
		return done(RouteArea, w.areaGuidance(q, p.Areas), false)
	}
	if w.legalShaped(intent.Fold(q)) {
		return done(RouteReferral, legalReferral(q), false)
	}
	return done(RouteOutside, replyOutside, false)
}

// itemsJoined joins the things of one sorting question: 「过期的药 还有
// 药盒子 扔哪个桶」.
var itemsJoined = gatedre.MustCompile(`还有|以及|和|跟|、|，|,|\s+|\|`)

// eachWord are the words that ask of every thing at once: 「电池和过期药
// 分别扔哪个桶」「奶茶杯 吸管 珍珠 各扔哪」.
var eachWord = gatedre.MustCompile(`分别|各自|各个|各|都`)

// severalItems answers a sorting question about two or three things, each
// on its line, when the list knows each of them for sure; a thing the
// reply for the first would lump in with it (药盒子 with 药) gets its own.
func (w *Workflow) severalItems(city, q string) (string, bool) {
	if w.garbage == nil || !garbageAsk.MatchString(q) && w.garbageScore(intent.Fold(q)) < intent.ByCue || spilled.MatchString(intent.Fold(q)) {
		return "", false
	}
	// Each asking phrase ends a thing, as a comma would: 「瓜子壳扔哪
	// 塑料袋呢」.
	f := intent.Fold(q)
	for _, re := range []*gatedre.Regexp{garbageAsk, disposeAsk, garbageCue} {
		f = re.ReplaceAllString(f, "|")
	}
	var parts []string
	for _, part := range itemsJoined.Split(eachWord.ReplaceAllString(f, ""), -1) {
		// 「木头的」「有油的」 tell of the thing before; they are not one.
		if p := strings.Trim(part, "呢吗么啊呀哦？?。.!！ "); p != "" && !strings.HasSuffix(p, "的") {
			parts = append(parts, part)
		}
	}
	if len(parts) < 2 || len(parts) > 4 {
		return "", false
	}
	var lines []string
	seen := map[string]bool{}
	for _, part := range parts {
		item := garbageItem(part)
		a, ok := w.classify(city, item)
		if !ok || !a.Sure() || seen[a.Item] {
			return "", false
		}
		seen[a.Item] = true
		lines = append(lines, a.Reply(city))
	}
	return strings.Join(lines, "\n"), true
}

// articlesHead is the head of a search's article ranking an explanation
// shows.
func articlesHead(res knowledge.Result) []int { return res.Articles[:min(len(res.Articles), 5)] }

// reorderedBy shows the ranking of res, which a model may have reordered,
// keeping the rules' own when it did.
func (e *Explanation) reorderedBy(res knowledge.Result) {
	if head := articlesHead(res); !slices.Equal(head, e.Articles) {
		e.RulesArticles, e.Articles = e.Articles, head
	}
}

// candidateText is how much of each candidate article the model reads:
// enough for the rule, bounded so fifteen articles stay a short prompt.
const candidateText = 300

// reranked lets the model, when there is one, order the articles of a
// question the rules are sure enough to answer: it restates the question
// in the Code's terms, the candidates are retrieved for both, and the
// model picks among them. ok is false when the model found none of them
// answers the question: then no article is cited. The model never widens
// what is answered, since only the rules' confidence has been measured;
// on any failure the rules' ranking stands.
func (w *Workflow) reranked(ctx context.Context, q string, res knowledge.Result) (_ knowledge.Result, ok bool) {
	if w.rerank == nil {
		return res, true
	}
	reordered, ok, err := Rerank(ctx, w.rerank, w.kb.Index(), q, res, 3)
	if err != nil {
		return res, true
	}
	return reordered, ok
}

// Rerank has model order the articles of the legal question q, which the
// rules ranked as res: the model restates q in the Code's terms and picks
// among the candidates retrieved for both (each cut to what a prompt of
// fifteen can hold). It returns the first k in the model's order; ok is
// false when the model found that none answers q. An article asked for by
// number keeps its place, and on err res stands.
func Rerank(ctx context.Context, model Reranker, ix *knowledge.Index, q string, res knowledge.Result, k int) (_ knowledge.Result, ok bool, err error) {
	if len(res.Named) > 0 {
		return res, true, nil
	}
	r, err := model.RerankLegal(ctx, q, func(restated string) []llm.Passage {
		var out []llm.Passage
		for _, a := range ix.Candidates(res, restated, knowledge.RerankDepth) {
			c, _ := ix.Article(a)
			out = append(out, llm.Passage{Law: "民法典", Article: a, Text: upTo(c.Text, candidateText)})
		}
		return out
	})
	switch {
	case err != nil:
		return res, true, err
	case !r.Answerable:
		return res, false, nil
	}
	return ix.Reranked(res, r.Articles, k), true, nil
}

// areaGuidance is the reply to a legal question the bot cannot tie to an
// article with confidence: no article is cited, since a wrong one quoted
// with confidence is worse than none. It names the area of law the
// question's words place it in, gives the guidance that holds for the
// whole area, and offers to pass the question to the legal volunteer.
//
// When the evidence is split between two areas, it names both, the one
// the evidence favours first, with the guidance for each: one of the two
// is far likelier right than the first alone (knowledge.AreaGuess.Split).
func (w *Workflow) areaGuidance(q string, areas []int) string {
	ix := w.kb.Index()
	var b strings.Builder
	if len(areas) == 1 {
		area := ix.Area(areas[0])
		fmt.Fprintf(&b, "这是「%s」方面的问题。%s\n%s", area.Name, notSure, area.Guide)
	} else {
		first, second := ix.Area(areas[0]), ix.Area(areas[1])
		fmt.Fprintf(&b, "这可能是「%s」方面的问题，也可能是「%s」方面的。%s\n%s：%s\n%s：%s",
			first.Name, second.Name, notSure, first.Name, first.Guide, second.Name, second.Guide)
	}
	fmt.Fprintf(&b, "\n想请社区法律志愿者帮您看看，请发：%s\n%s", volunteerOffer(q), guideReminder)
	return b.String()
}

// areaNames names the areas of law a reply gives guidance for.
func (w *Workflow) areaNames(areas []int) string {
	names := make([]string, len(areas))
	for i, a := range areas {
		names[i] = w.kb.Index().Area(a).Name
	}
	return strings.Join(names, "、")
}

// legalReferral is the reply to a legal question the bot can place in no
// area of law (「民用航空器造成他人损害谁承担」): guidance for the wrong area
// would mislead and 「我回答不了」 would leave the resident alone, so it says
// it is not sure and offers the legal volunteer.
func legalReferral(q string) string {
	return "这是法律方面的问题，我没有把握，就不乱说了。想请社区法律志愿者帮您看看，请发：" + volunteerOffer(q)
}

// volunteerOffer is the command that passes q to the legal volunteer, as
// the resident would send it: a long question is too long to retype.
func volunteerOffer(q string) string {
	if utf8.RuneCountInString(q) <= 40 {
		return "转志愿者 " + q
	}
	return "转志愿者 加上您的问题"
}

func (w *Workflow) classify(city, q string) (garbage.Answer, bool) {
	if w.garbage == nil {
		return garbage.Answer{}, false
	}
	return w.garbage.ClassifyIn(q, city), true
}

// city is the sorting standard of the chat's community.
func (w *Workflow) city(t *bot.Turn) string { return w.cityOf(t.Chat.Community) }

func (w *Workflow) cityOf(community string) string {
	if c, ok := w.dir.Community(community); ok {
		return c.GarbageCity
	}
	return ""
}

// search ranks the material for a question asked in community: entries
// another community's coordinators added answer only their own residents
// (knowledge.CommunitySource) and take no part.
func (w *Workflow) search(ctx context.Context, community, q string) knowledge.Result {
	return w.kb.SearchContext(ctx, community, q, 3)
}

// legal writes a confident answer from a search: the built-in entry that
// answers the question when one rests on the first article, otherwise
// short excerpts of the first article (and the second, when it covers the
// question nearly as well). The first article cited is always the
// search's first. An answer writer (an LLM), when set, may rewrite it,
// citing only those articles. It returns "" when there is no article.
func (w *Workflow) legal(ctx context.Context, q string, res knowledge.Result) string {
	if len(res.Articles) == 0 {
		return ""
	}
	first := res.Articles[0]
	var extractive string
	var passages []Passage
	if f, ok := entryFor(res, first); ok {
		arts := append([]int{first}, slices.DeleteFunc(slices.Clone(f.Articles), func(a int) bool { return a == first })...)
		extractive = f.Text + "\n依据：" + citations(arts)
		passages = append(passages, Passage{Citation: "", Text: f.Question + "\n" + f.Text})
		for _, a := range arts {
			p := Passage{Article: a, Citation: knowledge.ArticleName(a)}
			if c, ok := w.kb.Index().Article(a); ok {
				p.Text = c.Text
			}
			passages = append(passages, p)
		}
	} else {
		var arts []knowledge.Hit
		for _, h := range res.Passages {
			if h.Chunk.Kind == knowledge.KindArticle {
				arts = append(arts, h)
			}
		}
		if len(arts) == 0 || arts[0].Chunk.Articles[0] != first {
			return ""
		}
		var b strings.Builder
		b.WriteString("相关法条：")
		for i, h := range arts {
			if i == 2 || (i > 0 && h.Coverage < 0.8*arts[0].Coverage) {
				break
			}
			a := h.Chunk.Articles[0]
			text := upTo(h.Chunk.Text, articleExcerpt)
			if slices.Contains(res.Named, a) {
				text = upTo(h.Chunk.Text, namedExcerpt) // asked for by number
			}
			fmt.Fprintf(&b, "\n%s：%s", knowledge.ArticleName(a), text)
			passages = append(passages, Passage{Article: a, Citation: knowledge.ArticleName(a), Text: h.Chunk.Text})
		}
		extractive = b.String()
	}
	reply := extractive
	if w.writer != nil {
		if written, err := w.writer.WriteAnswer(ctx, q, passages); err == nil && groundedIn(written, passages) {
			reply = strings.TrimSpace(written)
		}
	}
	return reply + "\n" + legalReminder
}

// entryMatch is how much of a question an entry without articles must
// cover to answer it.
const entryMatch = 0.8

// entryFor returns the best matching built-in entry when it answers the
// question (covers at least half of it, or of the actual question of a
// long one) and rests on article a.
func entryFor(res knowledge.Result, a int) (knowledge.Chunk, bool) {
	for _, h := range res.FAQ[:min(len(res.FAQ), 1)] {
		if max(h.Coverage, res.Signals.AskFAQ) >= 0.5 && slices.Contains(h.Chunk.Articles, a) {
			return h.Chunk, true
		}
	}
	return knowledge.Chunk{}, false
}

// groundedIn reports whether a written answer cites at least one article
// and only articles among the passages.
func groundedIn(answer string, passages []Passage) bool {
	allowed := map[int]bool{}
	for _, p := range passages {
		if p.Article > 0 {
			allowed[p.Article] = true
		}
	}
	cited := knowledge.ParseArticleRefs(answer)
	if strings.TrimSpace(answer) == "" || len(cited) == 0 {
		return false
	}
	for _, a := range cited {
		if !allowed[a] {
			return false
		}
	}
	return true
}

func citations(arts []int) string {
	parts := make([]string, len(arts))
	for i, a := range arts {
		parts[i] = knowledge.ArticleName(a)
	}
	return strings.Join(parts, "、")
}

// articleExcerpt is how much of an article a confident answer quotes:
// the whole sentences that fit, so a rule and its exception ("…可以请求
// 支付；逾期不支付的，可以解除合同") stay together. namedExcerpt is how
// much of an article a resident who asked for it by number gets: enough
// for most articles whole, still one phone screen.
const (
	articleExcerpt = 90
	namedExcerpt   = 240
)

// upTo returns s whole when it has at most n characters, otherwise its
// longest run of whole sentences within n, marked as cut.
func upTo(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", "")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	for i := n - 1; i >= 20; i-- {
		if r[i] == '。' || r[i] == '；' {
			return string(r[:i+1]) + "……"
		}
	}
	return string(r[:n]) + "……"
}

// replySpill is the safety, then the bin, when mercury or a lamp broke.
const replySpill = "先顾安全：开窗通风，让老人孩子离开这个房间；别用手碰，别用扫帚和吸尘器；用硬纸片把碎片和水银珠收进能密封的瓶子里，拧紧。收好的连同碎片一起投有害垃圾（红色桶）。"
