package sim

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"linli/bot"
)

// A picture prints as 「[图片] PATH」 and is written there, so a transcript
// shows it and the file can be opened.
func TestGatewayWritesPictures(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	g := &Gateway{Clock: bot.NewSimClock(time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)), Out: &out, PictureDir: dir}
	png := []byte("\x89PNG")
	pic := bot.Picture{Name: "光荣榜-锦霞一群/../2026-11-29.png", PNG: png}
	if err := g.SendPicture(context.Background(), bot.GroupAddress("锦霞一群"), pic); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "光荣榜-锦霞一群_.._2026-11-29.png")
	if got := out.String(); got != "[锦霞一群] [图片] "+path+"\n" {
		t.Errorf("printed %q", got)
	}
	if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, png) {
		t.Errorf("file %s: %q, %v", path, b, err)
	}

	out.Reset()
	g.PictureDir = ""
	cert := bot.Outgoing{To: bot.Address{Kind: bot.ToMember, MemberName: "张三"}, Text: "【荣誉证书】\n张三：",
		Picture: &bot.Picture{Name: "证书.png", PNG: png}}
	if err := g.Committed(bot.OutboxItem{Outgoing: cert}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "[私聊→张三] [图片] 证书.png\n  【荣誉证书】\n  张三：\n" {
		t.Errorf("printed %q", got)
	}
}
