package storetest_test

import (
	"context"
	"testing"
	"time"

	"linli/storage/sqlstore"
	"linli/workflows/events"
	"linli/workflows/volunteer"
)

func TestAmendTaskWritesTheRequestOnlyWhileInItsState(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		vs := sqlstore.NewVolunteerStore(openT(t, open))
		task, _, err := vs.CreateTask(ctx, volunteer.Task{Community: "锦霞社区", RequesterID: 7, Requester: "王阿姨",
			Request: volunteer.Request{Category: volunteer.Other, What: "换灯泡"}, Text: "换灯泡", State: volunteer.Open, CreatedAt: at, SourceMsg: "m1"})
		if err != nil {
			t.Fatal(err)
		}
		task.Place = volunteer.Place{Building: "5", BuildingWord: "栋", Unit: "2", Room: "301"}
		task.Window = volunteer.Window{Start: at.Add(time.Hour), End: at.Add(5 * time.Hour)}
		task.Phone, task.Text = "13912345678", "换灯泡，对了 5栋2单元301"
		ok, err := vs.AmendTask(ctx, task, volunteer.Open)
		if err != nil || !ok {
			t.Fatalf("amend an open task: ok %v, err %v", ok, err)
		}
		got, err := vs.Task(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Place != task.Place || !got.Window.Start.Equal(task.Window.Start) || got.Phone != task.Phone || got.Text != task.Text {
			t.Errorf("amended task reads back as %+v", got)
		}
		if ok, err := vs.AmendTask(ctx, task, volunteer.Assigned); err != nil || ok {
			t.Errorf("amend from a state the task is not in: ok %v, err %v; want false", ok, err)
		}
	})
}

func TestLatestPendingAskIsTheNewestInAnyChat(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		vs := sqlstore.NewVolunteerStore(openT(t, open))
		for i, chat := range []string{"锦霞一群", "锦霞二群"} {
			if err := vs.SetPendingAsk(ctx, volunteer.PendingAsk{Community: "锦霞社区", Chat: chat, MemberID: 7,
				Text: "修水龙头", Missing: "when", Asked: at.Add(time.Duration(i) * time.Minute), SourceMsg: chat}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := vs.LatestPendingAsk(ctx, "锦霞社区", 7)
		if err != nil || got.Chat != "锦霞二群" {
			t.Errorf("latest question: %+v, %v; want the one asked in 锦霞二群", got, err)
		}
		if _, err := vs.LatestPendingAsk(ctx, "锦霞社区", 8); err == nil {
			t.Error("a member with no question got one")
		}
	})
}

func TestClosePollEndsItOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		es := sqlstore.NewEventStore(openT(t, open))
		p, _, err := es.AddPoll(ctx, events.Poll{Community: "锦霞社区", No: 1, Groups: []string{"锦霞一群"}, Title: "元旦活动", Options: []string{"猜灯谜", "合唱"},
			MaxChoices: 1, Deadline: at.Add(48 * time.Hour), Created: at, Source: "p1"})
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := es.ClosePoll(ctx, p.ID, at.Add(time.Hour)); err != nil || !ok {
			t.Fatalf("close an open poll: ok %v, err %v", ok, err)
		}
		still, err := es.OpenPolls(ctx, "锦霞社区", at.Add(2*time.Hour))
		if err != nil || len(still) != 0 {
			t.Errorf("after closing, open polls %v, %v; want none", still, err)
		}
		if ok, err := es.ClosePoll(ctx, p.ID, at.Add(3*time.Hour)); err != nil || ok {
			t.Errorf("close a closed poll: ok %v, err %v; want false", ok, err)
		}
	})
}
