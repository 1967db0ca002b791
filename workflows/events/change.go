package events

import (
	"context"
	"fmt"
	"strings"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/timeexpr"
)

// A coordinator changes an event's place or its number of places:
// 「改活动 #3 地点 社区食堂 名额 60」, or in words 「讲座改到社区食堂 名额加到60」
// 「义诊名额再加20个」, offered as that line to confirm. Everyone signed up or
// waiting hears of a new place privately and each group it went to hears it;
// new places go to the waiting list first, in order of arrival. Fewer places
// than people already signed up is refused: nobody loses a place by it.
//
// A coordinator also closes an event's sign-ups early: 「截止报名 #3」, or
// 「手工课人够了 报名截止吧」.

// change is what 改活动 changes: a new place, a new number of places, or
// both (an empty place and a negative number change nothing).
type change struct {
	Place    string
	Capacity int
}

// changeFields read 改活动's fields: 「地点 社区食堂」「名额 60」「名额 不限」.
var (
	placeField    = gatedre.MustCompile(`(?:地点|地方|改在|换到|改到)[:：\s]*(\S+)`)
	capacityField = gatedre.MustCompile(`(?:名额|人数)[:：\s]*(\d+|不限)`)
)

// parseChange reads 改活动's fields after the event's number; the keyword
// 改地点 or 改名额 says which field bare words are.
func parseChange(keyword, rest string) (change, bool) {
	c := change{Capacity: -1}
	switch keyword {
	case "改地点":
		c.Place = strings.TrimSpace(rest)
		return c, c.Place != ""
	case "改名额", "加名额":
		rest = "名额 " + strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(rest, "人"), "个"))
	}
	if m := capacityField.FindStringSubmatchIndex(rest); m != nil {
		if v := rest[m[2]:m[3]]; v != "不限" {
			n, ok := number(v)
			if !ok || n <= 0 {
				return c, false
			}
			c.Capacity = n
		} else {
			c.Capacity = 0
		}
		rest = rest[:m[0]] + " " + rest[m[1]:]
	}
	if m := placeField.FindStringSubmatch(rest); m != nil {
		c.Place = m[1]
	}
	return c, c.Place != "" || c.Capacity >= 0
}

// changeEvent handles 改活动 #N 地点 <新地点> 名额 <人数> (and 改地点, 改名额).
func (w *Workflow) changeEvent(ctx context.Context, t *bot.Turn) error {
	const usage = "请写活动编号和要改的，如「改活动 #3 地点 社区食堂」或「改活动 #3 名额 60」。"
	r, ok := parseRef(t.Args, true)
	if !ok || r.No == 0 {
		return bot.Userf(usage)
	}
	c, ok := parseChange(t.Keyword, r.Rest)
	if !ok {
		return bot.Userf(usage)
	}
	e, _, err := w.findEvent(ctx, t, r, t.Keyword)
	if err != nil {
		return err
	}
	if err := stillOn(e, t); err != nil {
		return err
	}
	name := label(e.No, e.Title)
	list, err := w.d.Store.SignUps(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("change event %d: %w", e.ID, err)
	}
	taken, waiting := tally(list)
	if c.Capacity > 0 && c.Capacity < taken {
		return bot.Userf("%s 已经有%d人报名了，名额不能少于%d。要请人让出名额，请私下联系他们。", name, taken, taken)
	}
	was := e
	if c.Place != "" {
		e.Place = c.Place
	}
	if c.Capacity >= 0 {
		e.Capacity = c.Capacity
	}
	if e.Place == was.Place && e.Capacity == was.Capacity {
		return bot.Userf("%s 本来就是这样（%s），没有改。", name, placesLine(e))
	}
	if err := w.d.Store.ReviseEvent(ctx, e.ID, e.Place, e.Capacity, e.Closes); err != nil {
		return err
	}
	var done []string
	if e.Place != was.Place {
		for _, s := range list {
			t.Send(s.Address(), fmt.Sprintf("您报名的 %s 换地方了：改在%s（原来在%s），时间不变：%s。", name, e.Place, orNone(was.Place), when(e, t.Now)))
		}
		for _, g := range e.Groups {
			t.Send(bot.GroupAddress(g), fmt.Sprintf("【活动换地点】%s 改在%s（原来在%s），时间不变：%s。", name, e.Place, orNone(was.Place), when(e, t.Now)))
		}
		done = append(done, "地点改为"+e.Place+"，已私信通知报名的邻居")
	}
	if e.Capacity != was.Capacity {
		moved, err := w.promote(ctx, t, e, "活动加了名额")
		if err != nil {
			return err
		}
		line := "名额改为" + capacityWords(e.Capacity)
		if moved > 0 {
			line += fmt.Sprintf("，%d位候补转为正式报名（已私信告诉他们）", moved)
		}
		done = append(done, line)
		more := e.Capacity == 0 || was.Capacity != 0 && e.Capacity > was.Capacity
		if more && waiting == 0 && t.Now.Before(e.Closes) {
			for _, g := range e.Groups {
				t.Send(bot.GroupAddress(g), fmt.Sprintf("【名额增加】%s 名额改为%s，想来的邻居发「报名 #%d」。", name, capacityWords(e.Capacity), e.No))
			}
		}
	}
	t.ReplyPrivately(fmt.Sprintf("已把 %s %s。", name, strings.Join(done, "；")))
	return nil
}

// closeSignUps handles 截止报名 #N: sign-ups close now; those signed up
// keep their places and the waiting list stays in order.
func (w *Workflow) closeSignUps(ctx context.Context, t *bot.Turn) error {
	r, ok := parseRef(t.Args, true)
	if !ok || (r.No == 0 && r.Title == "") {
		return bot.Userf("请写活动编号，如「截止报名 #3」。")
	}
	e, _, err := w.findEvent(ctx, t, r, "截止报名")
	if err != nil {
		return err
	}
	if err := stillOn(e, t); err != nil {
		return err
	}
	name := label(e.No, e.Title)
	if !t.Now.Before(e.Closes) {
		return bot.Userf("%s 已于%s截止报名了。", name, timeexpr.FormatTime(e.Closes, t.Now))
	}
	if err := w.d.Store.ReviseEvent(ctx, e.ID, e.Place, e.Capacity, t.Now); err != nil {
		return err
	}
	taken, waiting, err := w.d.Store.Tally(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("close sign-ups of event %d: %w", e.ID, err)
	}
	for _, g := range e.Groups {
		t.Send(bot.GroupAddress(g), fmt.Sprintf("【报名截止】%s 报名已截止，谢谢大家。报了名的邻居请按时参加：%s。", name, when(e, t.Now)))
	}
	line := fmt.Sprintf("已截止 %s 的报名：%d人报名", name, taken)
	if waiting > 0 {
		line += fmt.Sprintf("，%d个候补（有人取消时依次递补）", waiting)
	}
	t.ReplyPrivately(line + "。")
	return nil
}

// stillOn refuses an event that is called off or over.
func stillOn(e Event, t *bot.Turn) error {
	switch name := label(e.No, e.Title); {
	case e.State == Cancelled:
		return bot.Userf("%s 已经取消了。", name)
	case !t.Now.Before(e.End):
		return bot.Userf("%s 已经结束了。", name)
	}
	return nil
}

// placesLine says an event's place and number of places.
func placesLine(e Event) string {
	return "地点" + orNone(e.Place) + "，名额" + capacityWords(e.Capacity)
}

// capacityWords says a number of places; 0 is no limit.
func capacityWords(n int) string {
	if n == 0 {
		return "不限"
	}
	return fmt.Sprintf("%d个", n)
}

// orNone says an empty place as 「未定」.
func orNone(place string) string {
	if place == "" {
		return "未定"
	}
	return place
}

// Words that change an event, in a coordinator's message.
var (
	// newPlace is a new place after 「改到」「换到」「地点改成」.
	newPlace = gatedre.MustCompile(`(?:地点|地方|场地)?(?:改|换|挪|搬)(?:一下)?(?:地方|地点)?(?:到|成|在)\s*([^\s，,。！!？?；;]{2,16})`)
	// placeLike ends the way a place's name ends.
	placeLike = gatedre.MustCompile(`(室|厅|堂|楼|馆|中心|广场|院|院子|站|门口|楼下|空地|花园|公园|亭|操场|礼堂|大厅|会场|教室|食堂|车棚|小区|里)$`)
	// newCapacity is a new number of places: 「名额加到60」「改成50人」.
	newCapacity = gatedre.MustCompile(`(?:名额|人数|位置|座位|位子)(?:就|再)?(?:加到|增加到|扩到|放到|调到|改到|改成|改为|提到|放宽到)\s*([0-9]+|[一二两三四五六七八九十百]+)`)
	// moreCapacity is places added: 「名额再加20个」「再多加十个名额」.
	moreCapacity = gatedre.MustCompile(`(?:名额|人数|位置|座位|位子)?(?:再|多)?(?:加|增加|多加|扩|多放|多给)\s*([0-9]+|[一二两三四五六七八九十]+)\s*(?:个|人|位)`)
	// closesSignUps says to stop taking sign-ups now.
	closesSignUps = gatedre.MustCompile(`(截止|停止|关闭|结束|停)(了)?报名|报名(就|先)?(截止|停止|关闭|结束|停了|到此|到这|关了|不收了|别收了)|别再(让人)?报(名)?了|别再收|不(再)?(接受|收)报名`)
)

// draftChange reads a coordinator's words as 改活动 #N with the new place
// and number of places they say for the one coming event they name.
func (w *Workflow) draftChange(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	if strings.ContainsAny(text, "?？吗") {
		return "", false
	}
	var fields []string
	cut := len(text)
	if m := newPlace.FindStringSubmatchIndex(text); m != nil {
		place := text[m[2]:m[3]]
		if _, i, _, ok := timeexpr.Find(place, t.Now, t.Loc); !placeLike.MatchString(place) || ok && i == 0 {
			return "", false
		}
		fields = append(fields, "地点 "+place)
		cut = min(cut, m[0])
	}
	add := 0
	abs := newCapacity.FindStringSubmatchIndex(text)
	if abs != nil {
		n, ok := number(text[abs[2]:abs[3]])
		if !ok || n <= 0 {
			return "", false
		}
		fields = append(fields, fmt.Sprintf("名额 %d", n))
		cut = min(cut, abs[0])
	} else if m := moreCapacity.FindStringSubmatchIndex(text); m != nil && strings.ContainsAny(text[m[0]:], "名额人位座") {
		n, ok := number(text[m[2]:m[3]])
		if !ok || n <= 0 {
			return "", false
		}
		add = n
		cut = min(cut, m[0])
	}
	if len(fields) == 0 && add == 0 {
		return "", false
	}
	e, ok := w.eventNamedIn(ctx, t, text[:cut])
	if !ok {
		e, ok = w.eventNamedIn(ctx, t, text)
	}
	if !ok {
		return "", false
	}
	if add > 0 {
		if e.Capacity == 0 {
			return "", false
		}
		fields = append(fields, fmt.Sprintf("名额 %d", e.Capacity+add))
	}
	return fmt.Sprintf("#%d %s", e.No, strings.Join(fields, " ")), true
}

// draftClose reads a coordinator's words closing the sign-ups of the one
// coming event they name, or of the only one open.
func (w *Workflow) draftClose(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	if !closesSignUps.MatchString(text) || strings.ContainsAny(text, "?？吗么") {
		return "", false
	}
	e, ok := w.eventNamedIn(ctx, t, text)
	if !ok {
		only, found, err := w.onlyOpen(ctx, t)
		if err != nil || !found {
			return "", false
		}
		e = only
	}
	return fmt.Sprintf("#%d", e.No), true
}
