package faq

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/internal/shareddata"
	"linli/knowledge"
	"linli/knowledge/garbage"
	"linli/storage/sqlite"
)

// fixture is a community with one group, a coordinator, and the workflow
// over a fresh database holding the built-in material only.
type fixture struct {
	t     *testing.T
	db    *sqlite.DB
	w     *Workflow
	kb    *knowledge.Base
	coord bot.Member
	now   time.Time
	seq   int
}

type coordList []bot.Member

func (c coordList) Coordinators(ctx context.Context, community string) ([]bot.Member, error) {
	if community != "锦霞社区" {
		return nil, nil
	}
	return c, nil
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store := sqlite.NewKnowledgeStore(db)
	kb, err := knowledge.Load(ctx, store, knowledge.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	dir := bot.NewDirectory(time.FixedZone("CST", 8*3600))
	dir.AddCommunity(bot.Community{Name: "锦霞社区"})
	dir.AddGroup("锦霞一群", "锦霞社区")
	dir.AddCommunity(bot.Community{Name: "朝阳社区"})
	coord := bot.Member{ID: 9, Name: "李主任", Community: "锦霞社区", Role: bot.Coordinator}
	w, err := New(Config{}, Deps{Knowledge: kb, Garbage: garbage.New(garbage.Builtin()), Store: store, Coordinators: coordList{coord}, Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, db: db, w: w, kb: kb, coord: coord, now: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
}

// say delivers text from a resident (or the coordinator) in a chat and
// returns what the bot queued, with the handler's error.
func (f *fixture) say(chat bot.Chat, from bot.Member, text string, mention bool) ([]bot.Outgoing, error) {
	f.t.Helper()
	f.seq++
	msg := bot.Message{ID: "m" + string(rune('a'+f.seq)), Chat: chat, Text: text, MentionsBot: mention, Time: f.now}
	turn := &bot.Turn{Msg: msg, Member: from, Chat: chat, Now: f.now, Args: text}
	var handler bot.HandlerFunc = f.w.question
	for _, kw := range []struct {
		word string
		h    bot.HandlerFunc
	}{{"添加问答", f.w.addEntry}, {"转志愿者", f.w.handOver}, {"问", f.w.question}} {
		if strings.HasPrefix(text, kw.word) {
			turn.Keyword, turn.Args, handler = kw.word, strings.TrimSpace(strings.TrimPrefix(text, kw.word)), kw.h
			break
		}
	}
	err := f.db.InTx(context.Background(), func(ctx context.Context) error { return handler(ctx, turn) })
	return turn.Outgoing(), err
}

var (
	group   = bot.Chat{Kind: bot.Group, Name: "锦霞一群", Community: "锦霞社区"}
	private = bot.Chat{Kind: bot.Private, Name: "张三", Community: "锦霞社区"}
	zhang   = bot.Member{ID: 1, Name: "张三", Community: "锦霞社区"}
)

func TestLegalQuestionInGroupIsAnsweredWithCitation(t *testing.T) {
	f := newFixture(t)
	out, err := f.say(group, zhang, "楼上往下扔东西砸坏了我的车怎么办？", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 {
		t.Fatalf("want one reply in the group, got %v", out)
	}
	text := out[0].Text
	if out[0].To != bot.GroupAddress("锦霞一群") {
		t.Errorf("reply went to %v, want the group", out[0].To)
	}
	for _, want := range []string{"《民法典》第一千二百五十四条", "一般性法律信息"} {
		if !strings.Contains(text, want) {
			t.Errorf("reply lacks %q:\n%s", want, text)
		}
	}
	if n := len([]rune(text)); n > 260 {
		t.Errorf("reply is %d characters; too long for a phone screen:\n%s", n, text)
	}
}

func TestGroupChatterIsIgnored(t *testing.T) {
	f := newFixture(t)
	for _, text := range []string{
		"今天天气真好",
		"大家晚上好",
		"明天天气怎么样",
		"哈哈哈哈",
		"晚上吃什么好呢",
		"怎么办，我忘带钥匙了", // a legal shape, but nothing the material knows
		"今天谁负责值班？",
		"这事大家说说怎么办",
		"快递不知道放哪了怎么办",
		"周六的活动谁负责签到",
	} {
		out, err := f.say(group, zhang, text, false)
		if err != bot.ErrPass || len(out) != 0 {
			t.Errorf("%q: want silence (ErrPass), got %v %v", text, err, out)
		}
	}
}

func TestGarbageQuestionInGroup(t *testing.T) {
	f := newFixture(t)
	out, err := f.say(group, zhang, "电池是什么垃圾", false)
	if err != nil || len(out) != 1 {
		t.Fatalf("want one reply, got %v %v", out, err)
	}
	if !strings.Contains(out[0].Text, "有害垃圾") {
		t.Errorf("battery answer: %s", out[0].Text)
	}
}

func TestHowToSortGetsTheFourCategories(t *testing.T) {
	f := newFixture(t)
	for _, q := range []string{"垃圾怎么分", "垃圾分几类啊", "问 垃圾应该怎么分类"} {
		out, err := f.say(group, zhang, q, false)
		if err != nil || len(out) != 1 {
			t.Fatalf("%s: want one reply, got %v %v", q, out, err)
		}
		for _, c := range []string{"可回收物", "有害垃圾", "厨余垃圾", "其他垃圾", "蓝色"} {
			if !strings.Contains(out[0].Text, c) {
				t.Errorf("%s: the overview lacks %s: %s", q, c, out[0].Text)
			}
		}
	}
	if out, _ := f.say(group, zhang, "我们小区垃圾分类做得真不错", false); len(out) != 0 {
		t.Errorf("praise in the group got an answer: %v", out)
	}
	if got := sortingOverview("上海"); !strings.Contains(got, "湿垃圾") || !strings.Contains(got, "棕色") {
		t.Errorf("Shanghai overview: %s", got)
	}
}

func TestBadInputGetsShortHonestAnswer(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name, text, want string
	}{
		{"empty", "问", "请在「问」后面写上您的问题"},
		{"long paste", "问 " + strings.Repeat("楼上邻居很吵", 900), "问题有点长"},
		{"english", "问 who pays if a dog bites someone?", "只能回答中文问题"},
		{"out of domain", "问 明天天气怎么样", "这个问题我回答不了"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := f.say(private, zhang, c.text, false)
			if err != nil || len(out) != 1 {
				t.Fatalf("want one reply, got %v %v", out, err)
			}
			if !strings.Contains(out[0].Text, c.want) {
				t.Errorf("reply %q lacks %q", out[0].Text, c.want)
			}
			if strings.Contains(out[0].Text, "《民法典》第") {
				t.Errorf("reply cites an article for bad input: %s", out[0].Text)
			}
		})
	}
}

func TestCoordinatorAddsEntryAndItAnswers(t *testing.T) {
	f := newFixture(t)
	out, err := f.say(private, f.coord, "添加问答 问：小区充电桩被占了找谁？ 答：请联系物业协调挪车，物业应当维护公共秩序。 依据：第942条", false)
	if err != nil || len(out) != 1 || !strings.Contains(out[0].Text, "《民法典》第九百四十二条") {
		t.Fatalf("add entry: %v %v", out, err)
	}
	out, err = f.say(private, zhang, "问 小区充电桩被人占了找谁", false)
	if err != nil || len(out) != 1 || !strings.Contains(out[0].Text, "联系物业协调挪车") {
		t.Fatalf("the new entry does not answer: %v %v", out, err)
	}
}

func TestAnotherCommunitysEntryDoesNotShapeTheAnswer(t *testing.T) {
	const (
		question = "小区里的狗半夜一直叫，吵得睡不着，谁来管？"
		answer   = "请打朝阳社区物业值班室电话，物业夜间巡逻会上门劝导。"
	)
	ctx := context.Background()
	without := newFixture(t)
	with := newFixture(t)
	chaoyang := bot.Chat{Kind: bot.Private, Name: "王主任", Community: "朝阳社区"}
	wang := bot.Member{ID: 10, Name: "王主任", Community: "朝阳社区", Role: bot.Coordinator}
	if _, err := with.say(chaoyang, wang, "添加问答 问："+question+" 答："+answer+" 依据：第942条", false); err != nil {
		t.Fatal(err)
	}

	own := with.w.Explain(ctx, "朝阳社区", question)
	if !strings.Contains(own.Reply, answer) {
		t.Fatalf("朝阳社区's resident does not get its own entry: %s", own.Reply)
	}
	got, want := with.w.Explain(ctx, "锦霞社区", question), without.w.Explain(ctx, "锦霞社区", question)
	if got.Reply != want.Reply || got.Route != want.Route {
		t.Errorf("锦霞社区's resident is answered\n%s (%s)\nwith 朝阳社区's entry, and\n%s (%s)\nwithout", got.Reply, got.Route, want.Reply, want.Route)
	}
	if got.Confidence != want.Confidence || got.Area != want.Area || !slices.Equal(got.Articles, want.Articles) {
		t.Errorf("朝阳社区's entry changed 锦霞社区's search: confidence %.3f, area %q, articles %v; without it %.3f, %q, %v",
			got.Confidence, got.Area, got.Articles, want.Confidence, want.Area, want.Articles)
	}
	for _, h := range got.Entries {
		if strings.Contains(h.Chunk.Text, answer) {
			t.Errorf("锦霞社区's search lists 朝阳社区's entry: %s", h.Chunk.Question)
		}
	}
}

func TestAddEntryRejectsBadCitation(t *testing.T) {
	f := newFixture(t)
	for _, text := range []string{
		"添加问答 问：只有问题",
		"添加问答 问：停车 答：找物业 依据：第九千条",
	} {
		_, err := f.say(private, f.coord, text, false)
		var ue *bot.UserError
		if !errors.As(err, &ue) {
			t.Errorf("%q: want a user error, got %v", text, err)
		}
	}
}

func TestHandOverNotifiesCoordinatorsPrivately(t *testing.T) {
	f := newFixture(t)
	out, err := f.say(group, zhang, "转志愿者 老房子拆迁款兄弟姐妹怎么分", false)
	if err != nil {
		t.Fatal(err)
	}
	var toCoord, toGroup int
	for _, o := range out {
		switch o.To {
		case bot.MemberAddress(f.coord):
			toCoord++
			if !strings.Contains(o.Text, "拆迁款") {
				t.Errorf("coordinator note lacks the question: %s", o.Text)
			}
		case bot.GroupAddress("锦霞一群"):
			toGroup++
		}
	}
	if toCoord != 1 || toGroup != 1 {
		t.Errorf("want one private note and one group ack, got %v", out)
	}
}

// lyingWriter cites an article that was not retrieved.
type lyingWriter struct{ text string }

func (l lyingWriter) WriteAnswer(context.Context, string, []Passage) (string, error) {
	return l.text, nil
}

func TestWrittenAnswerCitingOtherArticlesIsDiscarded(t *testing.T) {
	f := newFixture(t)
	f.w.writer = lyingWriter{"根据《民法典》第一条，邻居要赔。"}
	out, _ := f.say(private, zhang, "问 邻居家狗咬了人谁负责", false)
	if len(out) != 1 || strings.Contains(out[0].Text, "第一条") || !strings.Contains(out[0].Text, "第一千二百四十五条") {
		t.Fatalf("want the extractive answer, got %v", out)
	}
	f.w.writer = lyingWriter{"狗咬人，养狗的人要赔，见《民法典》第一千二百四十五条。"}
	out, _ = f.say(private, zhang, "问 邻居家狗咬了人谁负责", false)
	if len(out) != 1 || !strings.Contains(out[0].Text, "养狗的人要赔") {
		t.Fatalf("want the grounded written answer, got %v", out)
	}
}

// TestArticleAskedByNumberIsQuoted: a resident who heard an article's
// number at a lecture asks what it says, and gets that article, whole
// when it fits; a resident quoting their own contract's clause number is
// not answered with the Code's article of that number.
func TestArticleAskedByNumberIsQuoted(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	articles := []knowledge.Chunk{
		{Kind: knowledge.KindArticle, Key: "5", Path: "第一编 总则 / 第一章 基本规定", Articles: []int{5},
			Text: "民事主体从事民事活动，应当遵循自愿原则，按照自己的意思设立、变更、终止民事法律关系。"},
		{Kind: knowledge.KindArticle, Key: "1087", Path: "第五编 婚姻家庭 / 第四章 离婚", Articles: []int{1087},
			Text: "离婚时，夫妻的共同财产由双方协议处理；协议不成的，由人民法院根据财产的具体情况，按照照顾子女、女方和无过错方权益的原则判决。对夫或者妻在家庭土地承包经营中享有的权益等，应当依法予以保护。"},
	}
	if err := sqlite.NewKnowledgeStore(f.db).ReplaceSource(ctx, "民法典", articles, f.now); err != nil {
		t.Fatal(err)
	}
	if err := f.kb.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"民法典第1087条讲的是什么", "第一千零八十七条是什么意思"} {
		out, err := f.say(private, zhang, q, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != 1 {
			t.Fatalf("%q: want one reply, got %v", q, out)
		}
		for _, want := range []string{"《民法典》第一千零八十七条", "应当依法予以保护。"} {
			if !strings.Contains(out[0].Text, want) {
				t.Errorf("%q: reply lacks %q (the article, whole):\n%s", q, want, out[0].Text)
			}
		}
	}
	out, err := f.say(private, zhang, "租房合同第5条写着押金一律不退，合法吗", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if strings.Contains(o.Text, "第五条") {
			t.Errorf("a contract's clause 5 was answered with the Code's article 5:\n%s", o.Text)
		}
	}
}

// TestUnsureLegalQuestionNamesAreaAndOffersVolunteer: a legal question the
// bot cannot tie to an article with confidence gets no article at all,
// but the area of law, the guidance for it and the offer of the legal
// volunteer, in one reply; chatter put to the bot gets no area.
func TestUnsureLegalQuestionNamesAreaAndOffersVolunteer(t *testing.T) {
	f := newFixture(t)
	cases := []struct{ q, area, guide string }{
		{"问 借给朋友五万块钱一直要不回来，他说没钱", "借款借贷", "借条"},
		{"问 我爸走了，留下的房子我和弟弟怎么分", "继承", "遗嘱"},
		// No word of an area; an example question worded like it
		// (storage, art. 895) places it, where the ranking alone would
		// have guessed loans from 朋友.
		{"问 我的车寄放在朋友那他开出去给刮了要他赔合理吗", "买卖与合同", "合同"},
	}
	for _, c := range cases {
		out, err := f.say(private, zhang, c.q, false)
		if err != nil || len(out) != 1 {
			t.Fatalf("%s: want one reply, got %v %v", c.q, out, err)
		}
		text := out[0].Text
		for _, want := range []string{"「" + c.area + "」", c.guide, "转志愿者 " + strings.TrimPrefix(c.q, "问 ")} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: reply lacks %q:\n%s", c.q, want, text)
			}
		}
		if strings.Contains(text, "《民法典》第") {
			t.Errorf("%s: an unsure answer cites an article:\n%s", c.q, text)
		}
	}
	out, err := f.say(private, zhang, "问 你会做什么", false)
	if err != nil || len(out) != 1 || !strings.Contains(out[0].Text, "这个问题我回答不了") {
		t.Errorf("chatter put to the bot: want the out-of-domain answer, got %v %v", out, err)
	}
}

// TestLongConsultationWithTheCode: with the Civil Code imported, a resident
// who tells the story first and asks at the end is answered with the
// article the question rests on.
func TestLongConsultationWithTheCode(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	file, err := os.Open(shareddata.Path(t, "civil_code.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	code, err := knowledge.ParseJSONL("民法典", file)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewKnowledgeStore(f.db).ReplaceSource(ctx, "民法典", code, f.now); err != nil {
		t.Fatal(err)
	}
	if err := f.kb.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	q := "我老伴走得早，我一个人把两个儿子拉扯大，现在我七十多了身体也不好，两个儿子都说忙，一个月来看我一次都难，生活费也不给，子女不赡养老人怎么办？"
	out, err := f.say(private, zhang, q, false)
	if err != nil || len(out) != 1 {
		t.Fatalf("want one reply, got %v %v", out, err)
	}
	if !strings.Contains(out[0].Text, "依据：《民法典》第一千零六十七条") {
		t.Errorf("the long consultation is not answered with article 1067 first:\n%s", out[0].Text)
	}
}
