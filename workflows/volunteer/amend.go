package volunteer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
)

// amendFor is how long after asking a requester can still add to their
// request by just saying more (「对了 我住三楼 下午两点以后在家」).
const amendFor = 24 * time.Hour

// amendLen is the longest message, in runes, read as details added to a
// request: a longer one tells a story of its own.
const amendLen = 60

// addsDetail opens a message that adds to what was said before.
var addsDetail = gatedre.MustCompile(`^(对了|还有|另外|补充(一下|一句)?|忘(了)?说了?|忘记说了?|再说一下|说一下|我(家)?(住|在|是)|家住|地址(是)?|住(在)?)`)

// asksWhoComesRe is a requester asking, beside the details, who will come:
// 「…明早8点在楼下等 是不是有个小伙子陪我去」.
var asksWhoComesRe = gatedre.MustCompile(`是不是有(个|位)?\p{Han}{0,3}(陪|来|接|帮)[^ ,，。]{0,4}|谁(来|陪|接)(我|我们)?[^ ,，。]{0,3}[吗呢啊]?[?？]?`)

// reFloor is the floor one lives on (「我住三楼」「在6层」), not a
// building (「3号楼」).
var reFloor = gatedre.MustCompile(`(^|[^号0-9` + cnNumberChars + `])(([` + cnNumberChars + `]{1,3})(楼|层))`)

// phoneAfter takes a requester's private message that gives a phone
// number as details of their latest request, before any other reading:
// 「要8点前到医院 我妈姓刘…号码138…麻烦别发到群里 老人怕被骗」 is no
// question about the law.
func (w *Workflow) phoneAfter(ctx context.Context, t *bot.Turn) error {
	if t.InGroup() || t.Msg.Kind != bot.Text || t.Keyword != "" || findPhone(t.Msg.Text) == "" {
		return bot.ErrPass
	}
	return w.amend(ctx, t, strings.TrimSpace(t.Args))
}

// amend adds details a requester sends after their request to it: the
// place, the time, a phone number, or a note that opens with 「对了」
// 「还有」. Only in private (a door number is not for the group), and only
// for their latest request still open or taken, asked within a day.
func (w *Workflow) amend(ctx context.Context, t *bot.Turn, text string) error {
	asksWhoComes := asksWhoComesRe.MatchString(text)
	if utf8.RuneCountInString(text) > amendLen || looksLikeQuestion(asksWhoComesRe.ReplaceAllString(text, "")) {
		return bot.ErrPass
	}
	now := t.Now.In(t.Loc)
	added := ExtractRules(text, now)
	if t.InGroup() || anyTimeTold.MatchString(text) {
		return w.timeTold(ctx, t, text, added)
	}
	marked := addsDetail.MatchString(text)
	told := !added.Place.IsZero() || !added.Window.IsZero() || added.Phone != ""
	if !told && !marked || added.Category != Other && !marked && added.Phone == "" {
		return bot.ErrPass
	}
	// A time told with a phone number (「要8点前到医院…号码138…」) adds to
	// the request with a day, not only to one without a time.
	task, err := w.latestRequest(ctx, t, !added.Window.IsZero() && added.Phone == "")
	if errors.Is(err, bot.ErrNotFound) {
		return bot.ErrPass
	}
	if err != nil {
		return err
	}
	if added.Category != Other && added.Category != task.Category && (asksForADeed(text) || !marked && added.Phone == "") {
		// 「还有我这手机…谁能帮我看看」 after a bank errand: help of
		// another kind, asked for in its own right. A phone number with
		// a word of another kind (「…老人怕被骗」) is still a detail.
		return bot.ErrPass
	}
	return w.addTo(ctx, t, task, text, added, asksWhoComes)
}

// addTo puts what text adds into task and tells the requester, the
// volunteer who took it or else the coordinators; ErrPass when the task
// changed meanwhile.
func (w *Workflow) addTo(ctx context.Context, t *bot.Turn, task Task, text string, added Request, asksWhoComes bool) error {
	now := t.Now.In(t.Loc)
	merged, err := w.storeAdded(ctx, task, text, added, now)
	if err != nil {
		return err
	}
	reply := fmt.Sprintf("好的，已补进任务 #%d：\n%s", merged.ID, details(merged, now, false))
	if asksWhoComes {
		if merged.State == Assigned {
			reply += fmt.Sprintf("\n志愿者%s会来，补充的情况我已经转给%s。", merged.Volunteer, merged.Volunteer)
		} else {
			reply += "\n还没有志愿者接下，有人接了我马上告诉您。"
		}
	}
	t.Reply(reply)
	if merged.State == Assigned {
		t.Send(bot.MemberAddress(bot.Member{ID: merged.VolunteerID, Name: merged.Volunteer}),
			fmt.Sprintf("任务 #%d 求助人补充了情况：\n%s", merged.ID, details(merged, now, true)))
		return nil
	}
	return w.notifyCoordinators(ctx, t, merged, now, "求助补充", "", 0)
}

// storeAdded stores task with what text adds merged into it; ErrPass when
// the task changed meanwhile.
func (w *Workflow) storeAdded(ctx context.Context, task Task, text string, added Request, now time.Time) (Task, error) {
	from := task.State
	task.Text += "，" + maskIDs(text)
	merged := mergeDetails(task, added, text, now)
	ok, err := w.d.Store.AmendTask(ctx, merged, from)
	if err != nil {
		return Task{}, wrap("amend task", err)
	}
	if !ok {
		return Task{}, bot.ErrPass
	}
	return merged, nil
}

// timelessRequest is the member's latest request made in this chat
// within AskFor that said no time, if that is their latest one without a
// time.
func (w *Workflow) timelessRequest(ctx context.Context, t *bot.Turn) (Task, bool, error) {
	task, ok, err := w.latestIfAny(ctx, t, true)
	if !ok {
		return Task{}, false, err
	}
	return task, task.Window.IsZero() && task.Chat == chatKey(t) && t.Now.Sub(task.CreatedAt) <= w.cfg.AskFor, nil
}

// anyTimeTold leaves a request's time to the volunteers: 「随时都行」.
var anyTimeTold = gatedre.MustCompile(`^(我)?(随时|都行|都可以|哪天都行|什么时候都行|啥时候都行|几点都行|不急|不着急|看你们|你们定|你们安排|听安排|无所谓)(都行|都可以|吧|的|啊)?[。！!，, ]*(谢谢)?$`)

// timeTold answers a request's missing time told just after it, where it
// was asked: a time alone (「周六上午」) goes into the request, and one
// left open (「随时都行」) is noted. In a group only a time alone is read,
// and the reply names no detail.
func (w *Workflow) timeTold(ctx context.Context, t *bot.Turn, text string, added Request) error {
	open := anyTimeTold.MatchString(text)
	onlyTime := !added.Window.IsZero() && added.Place.IsZero() && added.Phone == "" && added.Category == Other &&
		utf8.RuneCountInString(text) <= 12
	if !open && !onlyTime {
		return bot.ErrPass
	}
	task, ok, err := w.timelessRequest(ctx, t)
	if err != nil || !ok {
		return bot.OrPass(err)
	}
	if open {
		t.Reply(fmt.Sprintf("好的，任务 #%d 不限时间，接单的志愿者会先跟您约。", task.ID))
		return nil
	}
	now := t.Now.In(t.Loc)
	merged, err := w.storeAdded(ctx, task, text, added, now)
	if err != nil {
		return err
	}
	t.Reply(fmt.Sprintf("好的，任务 #%d 的时间补上了：%s。", merged.ID, DescribeWindow(merged.Window, now)))
	if merged.State == Assigned {
		t.Send(bot.MemberAddress(bot.Member{ID: merged.VolunteerID, Name: merged.Volunteer}),
			fmt.Sprintf("任务 #%d 求助人补充了时间：%s。", merged.ID, DescribeWindow(merged.Window, now)))
		return nil
	}
	return w.notifyCoordinators(ctx, t, merged, now, "求助补充", "", 0)
}

// latestIfAny is latestRequest, with none found reported as not ok rather
// than as an error.
func (w *Workflow) latestIfAny(ctx context.Context, t *bot.Turn, timeless bool) (Task, bool, error) {
	task, err := w.latestRequest(ctx, t, timeless)
	if errors.Is(err, bot.ErrNotFound) {
		return Task{}, false, nil
	}
	return task, err == nil, err
}

// latestRequest is the member's newest request that is open or taken
// and was asked within amendFor. For a time told (timeless), it is the
// newest of those that said no time, if any did: of 「灯泡坏了 还有下礼拜
// 二陪我去复查」, the time said next is the light's.
func (w *Workflow) latestRequest(ctx context.Context, t *bot.Turn, timeless bool) (Task, error) {
	tasks, err := w.d.Store.TasksOf(ctx, t.Community(), t.Member.ID, 5)
	if err != nil {
		return Task{}, wrap("tasks", err)
	}
	var recent []Task
	for _, task := range tasks {
		if task.RequesterID != t.Member.ID {
			continue
		}
		if (task.State != Open && task.State != Assigned) || t.Now.Sub(task.CreatedAt) > amendFor {
			break
		}
		recent = append(recent, task)
	}
	if len(recent) == 0 {
		return Task{}, bot.ErrNotFound
	}
	if timeless {
		if i := slices.IndexFunc(recent, func(task Task) bool { return task.Window.IsZero() }); i >= 0 {
			return recent[i], nil
		}
	}
	return recent[0], nil
}

// mergeDetails puts what was added over what the task had: a place's
// parts one by one, the time read again with the first words (「明天」
// then 「下午两点以后」 is tomorrow afternoon), a phone number, and a note
// that says neither into what is needed.
func mergeDetails(task Task, added Request, text string, now time.Time) Task {
	p := &task.Place
	for _, f := range []struct {
		to   *string
		from string
	}{
		{&p.Estate, added.Place.Estate}, {&p.Building, added.Place.Building}, {&p.BuildingWord, added.Place.BuildingWord},
		{&p.Unit, added.Place.Unit}, {&p.Room, added.Place.Room}, {&p.Landmark, added.Place.Landmark},
	} {
		if f.from != "" {
			*f.to = f.from
		}
	}
	if !added.Window.IsZero() {
		task.Window = added.Window
		if asked := task.CreatedAt.In(now.Location()); sameDay(asked, now) {
			// Read with the first words at the time they were said.
			if again := ExtractRules(task.Text, asked); !again.Window.IsZero() {
				task.Window = again.Window
			}
		}
	}
	if added.Phone != "" {
		task.Phone = added.Phone
	}
	task.Urgent = task.Urgent || added.Urgent
	task.Health = task.Health || added.Health
	if task.Category == Other && added.Category != Other {
		task.Category = added.Category
	}
	if m := reFloor.FindStringSubmatch(text); m != nil && !strings.Contains(task.What, m[2]) {
		task.What = strings.Trim(task.What+"；住"+m[2], "；")
	}
	if added.Place.IsZero() && added.Window.IsZero() && added.Phone == "" && reFloor.FindString(text) == "" {
		note := strings.TrimSpace(addsDetail.ReplaceAllString(summarise(text), ""))
		if note = strings.Trim(note, "，, "); note != "" {
			task.What = strings.Trim(task.What+"；"+note, "；")
		}
	}
	return task
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
