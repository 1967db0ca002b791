package events_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"linli/storage/sqlite"
	"linli/workflows/events"
)

// firstEvent is event #1 of the test community.
func (f *fixture) firstEvent() events.Event {
	f.t.Helper()
	e, ok, err := f.store.EventByNo(f.ctx, community, 1)
	if err != nil || !ok {
		f.t.Fatalf("event #1: found %v, %v", ok, err)
	}
	return e
}

var waitRe = regexp.MustCompile(`候补第(\d+)位`)

// TestHundredSignUpsForThirtyPlaces: 100 neighbours send 报名 #1 at once
// for 30 places. Exactly 30 get a place, 70 wait, and the waiting list is
// the order the store took them in: every member's private answer names
// the same position the list gives them. One cancellation then moves the
// first waiting up, and only them.
func TestHundredSignUpsForThirtyPlaces(t *testing.T) {
	f := newFixture(t, "2026-12-01 10:00")
	f.coordinator("李主任")
	f.say(group, "李主任", "发起活动 民法典讲座 12月6日 9:00-11:00 社区活动室 名额30")
	f.drain()

	const n = 100
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			f.say(group, fmt.Sprintf("居民%03d", i), "报名 #1")
		}()
	}
	close(start)
	wg.Wait()

	e := f.firstEvent()
	list, err := f.store.SignUps(f.ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != n {
		t.Fatalf("%d sign-ups stored, want %d", len(list), n)
	}
	var in, waiting []events.SignUp
	for _, s := range list {
		switch s.State {
		case events.In:
			in = append(in, s)
		case events.Waiting:
			waiting = append(waiting, s)
		}
	}
	if len(in) != 30 || len(waiting) != 70 {
		t.Fatalf("%d in and %d waiting, want 30 and 70", len(in), len(waiting))
	}
	// Places go to the first 30 arrivals; list is in arrival order.
	for i, s := range list {
		if want := i < 30; (s.State == events.In) != want {
			t.Errorf("arrival %d (%s) is %v; the first 30 arrivals should have the places", i+1, s.MemberName, s.State)
		}
	}
	msgs := f.drain()
	if got := to(msgs, "["+group+"]"); len(got) != 0 {
		t.Errorf("the group heard %d messages about sign-ups, want none: %q", len(got), got)
	}
	for pos, s := range waiting {
		replies := to(msgs, "[私聊→"+s.MemberName+"]")
		if len(replies) != 1 {
			t.Fatalf("%s got %d replies, want 1: %q", s.MemberName, len(replies), replies)
		}
		m := waitRe.FindStringSubmatch(replies[0])
		if m == nil {
			t.Fatalf("%s waits but was told %q", s.MemberName, replies[0])
		}
		if told, _ := strconv.Atoi(m[1]); told != pos+1 {
			t.Errorf("%s was told waiting position %d, but is %d on the list", s.MemberName, told, pos+1)
		}
	}
	for _, s := range in {
		if replies := to(msgs, "[私聊→"+s.MemberName+"]"); len(replies) != 1 || !contains(replies, "报名成功") {
			t.Errorf("%s has a place but was told %q", s.MemberName, replies)
		}
	}

	f.say("私聊", in[0].MemberName, "取消报名 #1")
	msgs = f.drain()
	first := waiting[0].MemberName
	if got := to(msgs, "[私聊→"+first+"]"); !contains(got, "已从候补转为正式报名") {
		t.Errorf("first waiting %s was told %q, want a move-up notice", first, got)
	}
	if len(msgs) != 2 {
		t.Errorf("a cancellation sent %d messages, want 2 (the canceller and the one moved up): %v", len(msgs), msgs)
	}
	s, _, err := f.store.SignUpOf(f.ctx, e.ID, waiting[0].MemberID)
	if err != nil || s.State != events.In {
		t.Errorf("%s is %v after the move-up (%v), want In", first, s.State, err)
	}
	s, _, err = f.store.SignUpOf(f.ctx, e.ID, waiting[1].MemberID)
	if err != nil || s.State != events.Waiting {
		t.Errorf("second waiting %s is %v (%v), want still Waiting", waiting[1].MemberName, s.State, err)
	}
}

// TestSignUpTakesOnePlacePerMember: signing up again, by number or by
// title, takes no second place; the next neighbour still gets one. Signing
// up again for more people than there are places changes nothing.
func TestSignUpTakesOnePlacePerMember(t *testing.T) {
	f := newFixture(t, "2026-12-01 10:00")
	f.coordinator("李主任")
	f.say(group, "李主任", "发起活动 插花课 12月6日 14:00 社区活动室 名额2")
	f.say(group, "张三", "报名 #1")
	f.say(group, "张三", "报名 #1")
	f.say(group, "张三", "报名 插花课")
	f.say(group, "李四", "报名 #1")
	f.say(group, "张三", "报名 插花课 2人")
	f.say(group, "王五", "报名 #1")
	list, err := f.store.SignUps(f.ctx, f.firstEvent().ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]events.SignUpState{}
	for _, s := range list {
		got[s.MemberName] = s.State
		if s.Party != 1 {
			t.Errorf("%s signed up for %d, want 1", s.MemberName, s.Party)
		}
	}
	want := map[string]events.SignUpState{"张三": events.In, "李四": events.In, "王五": events.Waiting}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sign-ups %v, want %v", got, want)
	}
}

// TestAttendanceCreditsPointsOnce: 签到 #N during the event pays the
// event's points through the ledger once per member, however often it is
// sent; outside the window or without a place it pays nothing.
func TestAttendanceCreditsPointsOnce(t *testing.T) {
	f := newFixture(t, "2026-12-01 10:00")
	f.coordinator("李主任")
	f.say(group, "李主任", "发起活动 垃圾分类课 12月6日 9:00-11:00 社区活动室 名额10 签到积分5")
	f.say(group, "张三", "报名 #1")
	f.say(group, "张三", "签到 #1") // too early
	f.advance("2026-12-06 08:40")
	f.say(group, "张三", "签到 #1")
	f.say(group, "张三", "签到＃1")
	f.say(group, "李四", "签到 #1") // no sign-up
	f.advance("2026-12-06 11:00")
	f.say(group, "李四", "签到 #1") // over

	for name, want := range map[string]int64{"张三": 5, "李四": 0} {
		m, err := f.db.MemberByName(f.ctx, community, name)
		if err != nil {
			t.Fatal(err)
		}
		bal, err := f.ledger.Balance(f.ctx, m.ID, community)
		if err != nil {
			t.Fatal(err)
		}
		if bal != want {
			t.Errorf("%s has %d points, want %d", name, bal, want)
		}
	}
	msgs := f.drain()
	if got := to(msgs, "[私聊→张三]"); !contains(got, "获得5积分") || !contains(got, "已经签到过") {
		t.Errorf("张三 was told %q", got)
	}
	// The monthly ledger shows who came.
	rows, err := sqlite.NewReportStore(f.db).Signups(f.ctx, community, at(t, f.loc, "2026-12-01 00:00"), at(t, f.loc, "2027-01-01 00:00"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Name != "张三" || !rows[0].Attended || rows[0].State != "已报名" || !strings.HasSuffix(rows[0].Event, " 垃圾分类课") {
		t.Errorf("ledger rows %+v, want one: 张三 signed up for 垃圾分类课 and came", rows)
	}
}
