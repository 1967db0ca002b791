package storetest_test

import (
	"context"
	"testing"

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
