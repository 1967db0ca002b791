package pictures

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"linli/internal/testserver"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/draw"
	"golang.org/x/image/font/sfnt"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata and the README pictures in docs")

// goldenFamily is the font the golden images were drawn with, the one
// scripts/test.sh installs. Another font draws other pixels, so with it
// only the font-independent checks run.
const goldenFamily = "WenQuanYi Micro Hei"

// renderer opens the system font. Without one the test skips on a
// developer's machine and fails in CI, where scripts/test.sh installs it.
func renderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := Open(os.Getenv("LINLI_FONT"))
	if err != nil {
		testserver.Unavailable(t, "CJK font", err.Error(), "scripts/test.sh installs fonts-wqy-microhei")
	}
	return r
}

func day(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }

func samplePoster() Poster {
	p := Poster{Community: "锦霞社区", Group: "锦霞一群", Challenge: "21天垃圾分类", Day: 14, Days: 21,
		From: day(16), To: day(22), Rate: 0.634, Rank: 2, Of: 8}
	names := []string{"张三", "王阿姨13812345678", "李奶奶🌸🌸", "Anna Müller", "3栋502刘叔",
		"欧阳·一个名字特别特别特别特别长的邻居朋友", "阿依古丽", "赵六", "钱七", "孙八", "周九", "吴十"}
	for i, n := range names {
		p.Top = append(p.Top, Leader{Name: n, Streak: 14 - i, Total: 14 - i/2})
	}
	return p
}

func sampleRanking() Ranking {
	k := Ranking{Area: "锦城街道", Month: day(1)}
	for i := range 14 {
		k.Communities = append(k.Communities, CommunityRate{Name: fmt.Sprintf("第%d社区", i+1), Rate: 0.9 - float64(i)*0.06, Checkins: 900 - i*50})
	}
	k.Communities[0].Name = "锦霞社区"
	k.Communities[1].Name = "一个名字非常非常长的幸福里社区居委会"
	return k
}

func sampleCertificate() Certificate {
	return Certificate{Name: "王阿姨🌸", Challenge: "21天垃圾分类习惯养成", Community: "锦霞社区", Days: 21,
		From: day(2), To: day(22), Issued: day(22)}
}

func sampleCalendar() Calendar {
	k := Calendar{Name: "张三", Challenge: "21天垃圾分类", Today: 16, Streak: 5}
	for i := range 21 {
		m := Checked
		switch {
		case i >= 16:
			m = Ahead
		case i == 3 || i == 9:
			m = MadeUp
		case i == 6 || i == 10 || i == 15:
			m = Missed
		}
		k.Days = append(k.Days, CalendarDay{Date: day(2 + i), Mark: m})
	}
	return k
}

func sampleThanks() ThankYou {
	return ThankYou{Name: "志愿者小李", Community: "锦霞社区", Task: "#12 代取药品", Month: day(1), Hours: 7.5, Tasks: 4}
}

// pictures is every picture with its sample data, the drawing (with the
// record of strings drawn), the size it must have and what a resident
// must be able to read on it.
func pictures() []struct {
	name   string
	draw   func(r *Renderer) (*canvas, error)
	w, h   int
	reads  []string
	hidden []string
} {
	return []struct {
		name   string
		draw   func(r *Renderer) (*canvas, error)
		w, h   int
		reads  []string
		hidden []string
	}{
		{"poster", func(r *Renderer) (*canvas, error) { return r.drawPoster(samplePoster()) }, PosterWidth, 1660,
			[]string{"本周打卡光荣榜", "锦霞社区 · 锦霞一群", "张三", "王**", "李奶奶", "刘**", "Anna Müller", "连续 14 天",
				"……还有 2 位邻居坚持打卡", "锦霞社区本周参与率 63%", "在 8 个社区中排第 2 名"},
			[]string{"138", "502", "🌸", "周九", "吴十"}},
		{"ranking", func(r *Renderer) (*canvas, error) { return r.drawRanking(sampleRanking()) }, PosterWidth, PosterHeight,
			[]string{"社区打卡排行榜", "锦城街道 · 2026年11月", "锦霞社区", "90%", "……另有 2 个社区"},
			[]string{"第13社区"}},
		{"certificate", func(r *Renderer) (*canvas, error) { return r.drawCertificate(sampleCertificate()) }, CertificateWidth, CertificateHeight,
			[]string{"荣誉证书", "王阿姨：", "2026年11月22日"}, []string{"🌸"}},
		{"calendar", func(r *Renderer) (*canvas, error) { return r.drawCalendar(sampleCalendar()) }, CalendarWidth, 1070,
			[]string{"张三 的打卡日历", "已打卡 13 天 · 补卡 2 天 · 连续 5 天", "补", "一", "日", "17"}, nil},
		{"thanks", func(r *Renderer) (*canvas, error) { return r.drawThankYou(sampleThanks()) }, ThanksWidth, ThanksHeight,
			[]string{"谢谢您！", "志愿者小李", "任务 #12 代取药品 已确认完成", "7.5", "共完成 4 个任务"}, nil},
	}
}

// TestPictures decodes each picture and checks its size, that each string
// a resident must read is drawn whole, inside the picture, with ink where
// it stands, and that no private or undrawable text is on it.
func TestPictures(t *testing.T) {
	r := renderer(t)
	for _, p := range pictures() {
		t.Run(p.name, func(t *testing.T) {
			c, err := p.draw(r)
			if err != nil {
				t.Fatal(err)
			}
			data, err := c.png()
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if b := img.Bounds(); b.Dx() != p.w || b.Dy() != p.h {
				t.Fatalf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), p.w, p.h)
			}
			drawn := map[string]run{}
			for _, rn := range c.runs {
				drawn[rn.Text] = rn
				if !rn.Box.In(img.Bounds()) {
					t.Errorf("%q drawn at %v, outside the picture", rn.Text, rn.Box)
				}
				for _, h := range p.hidden {
					if strings.Contains(rn.Text, h) {
						t.Errorf("%q is on the picture", rn.Text)
					}
				}
			}
			for _, want := range p.reads {
				rn, ok := drawn[want]
				if !ok {
					var all []string
					for _, rn := range c.runs {
						all = append(all, rn.Text)
					}
					t.Errorf("%q not drawn; drawn: %q", want, all)
					continue
				}
				if diff := redraw(r, img, rn); diff > 0.02 {
					t.Errorf("%q: %.1f%% of its pixels differ from the text drawn alone (covered or cut?)", want, diff*100)
				}
			}
			compareGolden(t, r, p.name, img)
		})
	}
}

// redraw draws rn alone on the colour just outside its box, as the known
// glyphs of the expected text, and returns the share of the box's pixels
// that differ in img: text covered by a shape or cut off shows here.
func redraw(r *Renderer, img image.Image, rn run) float64 {
	b := img.Bounds()
	bg := img.At(rn.Box.Min.X, rn.Box.Min.Y)
	alone := r.canvas(b.Dx(), b.Dy(), "#000000")
	alone.SetColor(bg)
	alone.Clear()
	alone.draw(rn)
	bad, total := 0, 0
	for y := rn.Box.Min.Y; y < rn.Box.Max.Y; y++ {
		for x := rn.Box.Min.X; x < rn.Box.Max.X; x++ {
			r1, g1, b1, _ := img.At(x, y).RGBA()
			r2, g2, b2, _ := alone.Image().At(x, y).RGBA()
			if max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2)) > 0x2000 {
				bad++
			}
			total++
		}
	}
	if total == 0 {
		return 1
	}
	return float64(bad) / float64(total)
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// half is img at half size: the golden images are kept small, and the
// comparison forgives the sub-pixel differences of another rasterizer
// build.
func half(img image.Image) *image.RGBA {
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx()/2, b.Dy()/2))
	draw.BiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// compareGolden checks img against testdata/NAME.png, drawn by the golden
// font: at most 0.5 % of pixels may differ by more than a little.
func compareGolden(t *testing.T, r *Renderer, name string, img image.Image) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	got := half(img)
	if *update {
		data, err := encode(got)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if name == "poster" || name == "certificate" {
			if err := os.WriteFile(filepath.Join("..", "docs", name+".png"), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	if r.Family != goldenFamily {
		t.Logf("font %q is not %q: golden image not compared", r.Family, goldenFamily)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("golden image: %v (run go test ./pictures -update)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != got.Bounds() {
		t.Fatalf("golden %v, drawn %v", want.Bounds(), got.Bounds())
	}
	bad := 0
	for y := range got.Bounds().Dy() {
		for x := range got.Bounds().Dx() {
			r1, g1, b1, _ := got.At(x, y).RGBA()
			r2, g2, b2, _ := want.At(x, y).RGBA()
			if max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2)) > 0x1800 {
				bad++
			}
		}
	}
	if share := float64(bad) / float64(got.Bounds().Dx()*got.Bounds().Dy()); share > 0.005 {
		out := filepath.Join(t.TempDir(), name+".png")
		data, _ := encode(got)
		_ = os.WriteFile(out, data, 0o644)
		t.Errorf("%s differs from its golden image in %.2f%% of pixels; drawn: %s", name, share*100, out)
	}
}

// A name the font cannot draw becomes 「邻居」, and a very long one is cut
// with an ellipsis inside its row.
func TestUndrawableAndLongNames(t *testing.T) {
	r := renderer(t)
	p := samplePoster()
	p.Top = []Leader{{Name: "محمد", Streak: 3, Total: 3}, {Name: strings.Repeat("很长的名字", 40), Streak: 2, Total: 2}}
	c, err := r.drawPoster(p)
	if err != nil {
		t.Fatal(err)
	}
	var names []run
	for _, rn := range c.runs {
		if rn.Size == 42 {
			names = append(names, rn)
		}
	}
	if len(names) != 2 {
		t.Fatalf("drew %d names, want 2", len(names))
	}
	var b sfnt.Buffer
	if !r.has(&b, 'م') && names[0].Text != Neighbour {
		t.Errorf("undrawable name drawn as %q, want %q", names[0].Text, Neighbour)
	}
	if !strings.HasSuffix(names[1].Text, "…") || names[1].Box.Max.X > 175+420+2 {
		t.Errorf("long name drawn as %q in %v, want it cut to its 420 pixels", names[1].Text, names[1].Box)
	}
}

// TestDeterministic renders each picture twice: the same data gives the
// same bytes.
func TestDeterministic(t *testing.T) {
	r := renderer(t)
	a, err := r.Poster(samplePoster())
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Poster(samplePoster())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("the same poster drew different bytes")
	}
}

func TestNoFont(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "missing.ttc"))
	if !errors.Is(err, ErrNoFont) {
		t.Fatalf("err = %v, want ErrNoFont", err)
	}
	latin := "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	if _, err := os.Stat(latin); err == nil {
		if _, err := Open(latin); !errors.Is(err, ErrNoFont) {
			t.Fatalf("a font without Chinese: err = %v, want ErrNoFont", err)
		}
	}
}
