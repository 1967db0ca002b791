package storetest_test

import (
	"context"
	"testing"
	"time"

	"linli/bot"
)

// TestSendersReadAheadAreReadAgainOnceChanged reads a batch's senders
// ahead (PostgreSQL reads them in one statement; SQLite reads nothing
// ahead) and then changes, inside the same transaction, what was read:
// each later lookup must see the change, as it would one message at a
// time.
func TestSendersReadAheadAreReadAgainOnceChanged(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		chat := group("锦霞一群")
		wang := bot.Sender{PlatformID: "@wang", DisplayName: "王芳"}
		li := bot.Sender{PlatformID: "@li", DisplayName: "李伟"}
		zhao := bot.Sender{PlatformID: "@zhao", DisplayName: "赵敏"}
		// 王芳 and 李伟 are known; 赵敏 is not, yet.
		for _, s := range []bot.Sender{wang, li} {
			if _, _, err := db.ResolveMember(ctx, chat, s, at); err != nil {
				t.Fatal(err)
			}
		}
		batch := func(ss ...bot.Sender) []bot.Message {
			var msgs []bot.Message
			for _, s := range ss {
				msgs = append(msgs, bot.Message{Chat: chat, Sender: s})
			}
			return msgs
		}
		err := db.InTx(ctx, func(ctx context.Context) error {
			if err := db.ReadAhead(ctx, batch(wang, li, zhao, zhao)); err != nil {
				return err
			}
			// 李伟 is made a coordinator by an earlier message of the batch.
			l, _, err := db.ResolveMember(ctx, chat, li, at)
			if err != nil {
				return err
			}
			if err := db.SetRole(ctx, l.ID, chat.Community, bot.Coordinator, at); err != nil {
				return err
			}
			if again, _, err := db.ResolveMember(ctx, chat, li, at); err != nil || again.Role != bot.Coordinator {
				t.Errorf("李伟 after being made coordinator in the batch: %+v, %v", again, err)
			}
			// 赵敏's first message creates her; her second finds her.
			z1, _, err := db.ResolveMember(ctx, chat, zhao, at)
			if err != nil {
				return err
			}
			z2, _, err := db.ResolveMember(ctx, chat, zhao, at)
			if err != nil || z2.ID != z1.ID {
				t.Errorf("赵敏's second message of the batch: member %d (%v), want %d as her first", z2.ID, err, z1.ID)
			}
			// 王芳 shows a new name: her next message carries it.
			renamed := wang
			renamed.DisplayName = "王芳芳"
			if _, _, err := db.ResolveMember(ctx, chat, renamed, at); err != nil {
				return err
			}
			if w, _, err := db.ResolveMember(ctx, chat, renamed, at); err != nil || w.Name != "王芳芳" {
				t.Errorf("王芳 after renaming herself in the batch: %+v, %v", w, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestSendersReadAheadAreRefreshedAsOneAtATime: the next morning a known
// resident's link is refreshed (when they were last seen, their nickname)
// whether their batch's senders were read ahead or not, and a resident who
// changed their name is still renamed.
func TestSendersReadAheadAreRefreshedAsOneAtATime(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		chat := group("锦霞一群")
		wang := bot.Sender{PlatformID: "@wang", DisplayName: "王芳", NickName: "芳"}
		li := bot.Sender{PlatformID: "@li", DisplayName: "李伟"}
		for _, s := range []bot.Sender{wang, li} {
			if _, _, err := db.ResolveMember(ctx, chat, s, at); err != nil {
				t.Fatal(err)
			}
		}
		next := at.Add(24 * time.Hour)
		wang.NickName = "芳芳"
		li.DisplayName = "李伟伟"
		err := db.InTx(ctx, func(ctx context.Context) error {
			batch := []bot.Message{{Chat: chat, Sender: wang, Time: next}, {Chat: chat, Sender: li, Time: next}}
			if err := db.ReadAhead(ctx, batch); err != nil {
				return err
			}
			for _, m := range batch {
				if _, _, err := db.ResolveMember(ctx, chat, m.Sender, next); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var seen int64
		var nick string
		if err := db.SQL().QueryRow(`SELECT last_seen, nick_name FROM member_links WHERE platform_id = '@wang'`).Scan(&seen, &nick); err != nil {
			t.Fatal(err)
		}
		if seen != next.UnixMilli() || nick != "芳芳" {
			t.Errorf("王芳's link the next morning: last seen %d, nickname %q; want %d and 芳芳", seen, nick, next.UnixMilli())
		}
		m, err := db.MemberByName(ctx, chat.Community, "李伟伟")
		if err != nil {
			t.Errorf("李伟, now showing 李伟伟, was not renamed: %v", err)
		} else if m.NameChanged.IsZero() {
			t.Errorf("李伟伟's rename was not recorded: %+v", m)
		}
	})
}
