package bot_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"linli/bot"
)

// pictureWire is a wire that also sends pictures.
type pictureWire struct {
	*wire
	images map[string][]byte
}

func (w *pictureWire) SendPicture(ctx context.Context, to bot.Address, img bot.Picture) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sent = append(w.sent, sentMsg{w.clock.Now(), addr(to), "[图片] " + img.Name})
	w.images[img.Name] = img.PNG
	return nil
}

// A picture goes through the outbox like text: stored with its bytes,
// paced in its chat's turn, and sent as a picture where the gateway can,
// as its words where it cannot.
func TestOutboxSendsPictures(t *testing.T) {
	ctx := context.Background()
	png := []byte("\x89PNG poster bytes")
	msgs := []bot.Outgoing{
		{To: bot.GroupAddress("一群"), Text: "本周光荣榜出炉啦"},
		{To: bot.GroupAddress("一群"), Text: "【本周打卡光荣榜】1. 张三", Picture: &bot.Picture{Name: "光荣榜.png", PNG: png}},
	}

	o, w, clock, db := newOutbox(t, bot.Pacing{PerChat: 2 * time.Second})
	pw := &pictureWire{wire: w, images: map[string][]byte{}}
	o.Gateway = pw
	if err := db.Enqueue(ctx, clock.Now(), msgs...); err != nil {
		t.Fatal(err)
	}
	if n, err := o.SendDue(ctx); err != nil || n != 2 {
		t.Fatalf("SendDue = %d, %v; want 2", n, err)
	}
	if len(w.sent) != 2 || w.sent[1].text != "[图片] 光荣榜.png" {
		t.Fatalf("sent %+v, want the text then the picture", w.sent)
	}
	if gap := w.sent[1].at.Sub(w.sent[0].at); gap < 2*time.Second {
		t.Errorf("picture sent %v after the text, want the chat's 2s pacing", gap)
	}
	if !bytes.Equal(pw.images["光荣榜.png"], png) {
		t.Errorf("picture bytes %q, want %q", pw.images["光荣榜.png"], png)
	}

	// A gateway that cannot send pictures gets the words.
	o2, w2, clock2, db2 := newOutbox(t, bot.Pacing{})
	if err := db2.Enqueue(ctx, clock2.Now(), msgs[1]); err != nil {
		t.Fatal(err)
	}
	if n, err := o2.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("SendDue = %d, %v; want 1", n, err)
	}
	if w2.sent[0].text != "【本周打卡光荣榜】1. 张三" {
		t.Errorf("text-only gateway got %q, want the picture's words", w2.sent[0].text)
	}
}

// fileWire is a wire that also sends files.
type fileWire struct {
	*wire
	files map[string][]byte
}

func (w *fileWire) SendFile(ctx context.Context, to bot.Address, f bot.File) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sent = append(w.sent, sentMsg{w.clock.Now(), addr(to), "[文件] " + f.Name})
	w.files[f.Name] = f.Data
	return nil
}

// A file goes through the outbox like a picture: stored with its bytes
// and sent as a file where the gateway can; elsewhere its words, which
// tell where else to get it, go instead.
func TestOutboxSendsFiles(t *testing.T) {
	ctx := context.Background()
	xlsx := []byte("PK\x03\x04 ledger bytes")
	msg := bot.Outgoing{To: bot.Address{Kind: bot.ToMember, MemberID: 7, MemberName: "李主任"}, Text: "请在后台下载",
		File: &bot.File{Name: "台账-锦霞社区-2026-11.xlsx", Data: xlsx}}

	o, w, clock, db := newOutbox(t, bot.Pacing{})
	fw := &fileWire{wire: w, files: map[string][]byte{}}
	o.Gateway = fw
	if err := db.Enqueue(ctx, clock.Now(), msg); err != nil {
		t.Fatal(err)
	}
	if n, err := o.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("SendDue = %d, %v; want 1", n, err)
	}
	if len(w.sent) != 1 || w.sent[0].text != "[文件] 台账-锦霞社区-2026-11.xlsx" {
		t.Fatalf("sent %+v, want the file", w.sent)
	}
	if !bytes.Equal(fw.files["台账-锦霞社区-2026-11.xlsx"], xlsx) {
		t.Errorf("file bytes %q, want %q", fw.files["台账-锦霞社区-2026-11.xlsx"], xlsx)
	}

	o2, w2, clock2, db2 := newOutbox(t, bot.Pacing{})
	if err := db2.Enqueue(ctx, clock2.Now(), msg); err != nil {
		t.Fatal(err)
	}
	if n, err := o2.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("SendDue = %d, %v; want 1", n, err)
	}
	if w2.sent[0].text != "请在后台下载" {
		t.Errorf("text-only gateway got %q, want the file's words", w2.sent[0].text)
	}
}
