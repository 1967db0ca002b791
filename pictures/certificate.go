package pictures

import (
	"fmt"
	"strings"
	"time"
)

// Certificate is given to a resident who completed a challenge: the
// picture they post in their Moments to bring friends in.
type Certificate struct {
	Name      string
	Challenge string
	Community string
	// Days is the challenge's length; From and To its first and last days.
	Days     int
	From, To time.Time
	// Issued is the day the certificate is dated.
	Issued time.Time
}

// A certificate is 3:4, the shape WeChat Moments shows a single picture
// without cropping.
const (
	CertificateWidth  = 1080
	CertificateHeight = 1440
)

// certificateLines is the most lines of body text; a longer one (a very
// long challenge name) ends with an ellipsis rather than run into the seal.
const certificateLines = 5

func (k Certificate) body() string {
	return fmt.Sprintf("您于 %s 至 %s 参加%s「%s」，坚持打卡 %d 天，圆满完成挑战。特发此证，以资鼓励。",
		dateCN(k.From), dateCN(k.To), Clean(k.Community), Clean(k.Challenge), k.Days)
}

// Certificate draws the certificate as PNG.
func (r *Renderer) Certificate(k Certificate) ([]byte, error) {
	c, err := r.drawCertificate(k)
	if err != nil {
		return nil, err
	}
	return c.png()
}

func (r *Renderer) drawCertificate(k Certificate) (*canvas, error) {
	w, h := float64(CertificateWidth), float64(CertificateHeight)
	c := r.canvas(CertificateWidth, CertificateHeight, paper)
	c.SetHexColor("#C9A227")
	c.SetLineWidth(14)
	c.DrawRectangle(40, 40, w-80, h-80)
	c.Stroke()
	c.SetLineWidth(3)
	c.DrawRectangle(72, 72, w-144, h-144)
	c.Stroke()

	c.text("荣誉证书", 110, w/2, 290, 0.5, 0, red, true)
	c.text(fmt.Sprintf("%d 天 习 惯 养 成", k.Days), 36, w/2, 370, 0.5, 0, "#C9A227", false)
	c.text(c.name(k.Name)+"：", 56, 150, 520, 0, w-300, ink, true)
	y := 610.0
	lines := c.wrap("　　"+k.body(), 44, w-300)
	if len(lines) > certificateLines {
		lines = lines[:certificateLines]
		lines[len(lines)-1] = c.fit(lines[len(lines)-1]+"…", w-300)
	}
	for _, line := range lines {
		c.text(line, 44, 150, y, 0, 0, ink, false)
		y += 72
	}

	// The seal: a red ring with a star and the community's name, as a
	// stamp reads, above the signature.
	sx, sy := w-270, h-420
	c.SetHexColor(red)
	c.SetLineWidth(8)
	c.DrawCircle(sx, sy, 105)
	c.Stroke()
	c.text("★", 56, sx, sy-12, 0.5, 0, red, false)
	c.text(Clean(k.Community), 30, sx, sy+52, 0.5, 160, red, true)
	c.text(Clean(k.Community), 40, w-150, h-240, 1, w-400, ink, false)
	c.text(dateCN(k.Issued), 36, w-150, h-180, 1, 0, ink, false)
	return c, c.err
}

// Text is the certificate as a chat message.
func (k Certificate) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "【荣誉证书】\n%s：\n%s\n%s %s", SafeName(k.Name), k.body(), Clean(k.Community), dateCN(k.Issued))
	return b.String()
}
