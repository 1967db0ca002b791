package storetest_test

import (
	"context"
	"linli/storage/sqlstore"
	"testing"
	"time"

	"linli/bot"
	"linli/scheduler"
)

func TestSchedulerStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db, err := open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s := sqlstore.NewSchedulerStore(db)
		sh := scheduler.DefaultLocation()
		at := time.Date(2026, 11, 28, 9, 0, 0, 0, sh)

		id, err := s.InstanceID(ctx)
		if err != nil || id == "" {
			t.Fatalf("instance id %q: %v", id, err)
		}

		t.Run("timer moves only from where it is", func(t *testing.T) {
			tm := scheduler.Timer{Key: "reminder:1", Kind: "reminder", At: at, Payload: "1", Spec: "0 9 * * 6",
				Location: sh, Policy: scheduler.All, Grace: 2 * time.Hour}
			if err := s.PutTimer(ctx, tm); err != nil {
				t.Fatal(err)
			}
			got, ok, err := s.Timer(ctx, "reminder:1")
			if err != nil || !ok || !got.At.Equal(at) || got.Location.String() != sh.String() || got.Policy != scheduler.All || got.Grace != 2*time.Hour || got.Spec != tm.Spec {
				t.Fatalf("read back %+v, %v, %v", got, ok, err)
			}
			next := at.AddDate(0, 0, 7)
			if moved, _ := s.AdvanceTimer(ctx, "reminder:1", at.Add(-time.Hour), next); moved {
				t.Fatal("a timer moved from a time it was not at")
			}
			if moved, _ := s.AdvanceTimer(ctx, "reminder:1", at, next); !moved {
				t.Fatal("timer not moved")
			}
			due, _ := s.DueTimers(ctx, next, []string{"reminder"})
			if len(due) != 1 || !due[0].At.Equal(next) {
				t.Fatalf("due %+v", due)
			}
			if due, _ := s.DueTimers(ctx, next, []string{"other"}); len(due) != 0 {
				t.Fatal("a timer of another kind is due")
			}
			if n, ok, _ := s.NextTimer(ctx, []string{"reminder"}); !ok || !n.Equal(next) {
				t.Fatalf("next timer %v %v", n, ok)
			}
			if gone, _ := s.AdvanceTimer(ctx, "reminder:1", next, time.Time{}); !gone {
				t.Fatal("one-off not deleted")
			}
			if _, ok, _ := s.NextTimer(ctx, []string{"reminder"}); ok {
				t.Fatal("deleted timer still next")
			}
		})

		t.Run("a slot is claimed once", func(t *testing.T) {
			first, _ := s.ClaimSlot(ctx, "job:x@1", at, 0)
			again, _ := s.ClaimSlot(ctx, "job:x@1", at, 0)
			if !first || again {
				t.Fatalf("claims: %v then %v", first, again)
			}
			if n, _ := s.PruneSlots(ctx, at.Add(time.Second)); n != 1 {
				t.Fatalf("pruned %d", n)
			}
		})

		t.Run("held messages round-trip", func(t *testing.T) {
			msgs := []bot.Outgoing{{To: bot.GroupAddress("锦霞一群"), Text: "【提醒】倒垃圾", Source: "timer:r@1"},
				{To: bot.Address{Kind: bot.ToMember, MemberID: 7, MemberName: "李主任"}, Text: "私聊", Source: "timer:r@1"}}
			if err := s.HoldMessages(ctx, "timer:r@1", msgs); err != nil {
				t.Fatal(err)
			}
			held, err := s.HeldSlots(ctx)
			if err != nil || len(held) != 1 || len(held[0].Msgs) != 2 || held[0].Msgs[1] != msgs[1] {
				t.Fatalf("held %+v %v", held, err)
			}
			s.DropHeld(ctx, "timer:r@1")
			if held, _ := s.HeldSlots(ctx); len(held) != 0 {
				t.Fatal("held messages not dropped")
			}
		})

		db.Close()
		db, err = open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if again, _ := sqlstore.NewSchedulerStore(db).InstanceID(ctx); again != id {
			t.Fatalf("instance id changed across a restart: %q then %q", id, again)
		}
	})
}
