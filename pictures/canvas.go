package pictures

import (
	"fmt"
	"image"
	"image/color"
	"strings"

	"github.com/fogleman/gg"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// canvas is one picture being drawn: a gg context, the faces made for it
// and a record of every string drawn, which tests read to check what a
// resident would see.
type canvas struct {
	*gg.Context
	r     *Renderer
	faces map[float64]font.Face
	buf   sfnt.Buffer
	err   error
	runs  []run
}

// run is one string as drawn: where, how, and the box its ink covers.
type run struct {
	Text       string
	Size, X, Y float64
	Color      string
	Bold       bool
	Box        image.Rectangle
}

func (r *Renderer) canvas(w, h int, bg string) *canvas {
	c := &canvas{Context: gg.NewContext(w, h), r: r, faces: map[float64]font.Face{}}
	c.SetHexColor(bg)
	c.Clear()
	return c
}

func (c *canvas) setFace(size float64) font.Face {
	f, ok := c.faces[size]
	if !ok {
		var err error
		f, err = c.r.face(size)
		if err != nil {
			c.err = fmt.Errorf("face %.0fpt: %w", size, err)
			return nil
		}
		c.faces[size] = f
	}
	c.SetFontFace(f)
	return f
}

// drawable drops the characters the font has no glyph for, so none draws
// as an empty box.
func (c *canvas) drawable(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' {
			return r
		}
		if !c.r.has(&c.buf, r) {
			return -1
		}
		return r
	}, s)
}

// name is a person's name as this font can draw it: SafeName, less the
// characters the font lacks (an Arabic-script name in a font without
// Arabic), and 「邻居」 when nothing is left.
func (c *canvas) name(s string) string {
	if n := strings.TrimSpace(c.drawable(SafeName(s))); n != "" {
		return n
	}
	return Neighbour
}

// fit shortens s with an ellipsis until it is at most width wide.
func (c *canvas) fit(s string, width float64) string {
	if width <= 0 {
		return s
	}
	if w, _ := c.MeasureString(s); w <= width {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		t := strings.TrimRight(string(rs[:n]), " ") + "…"
		if w, _ := c.MeasureString(t); w <= width {
			return t
		}
	}
	return "…"
}

// text draws s with its baseline at y; ax places x at the left (0), centre
// (0.5) or right (1) of the text. Text wider than maxWidth (when > 0) is
// cut with an ellipsis. It returns the width drawn.
func (c *canvas) text(s string, size, x, y, ax, maxWidth float64, col string, bold bool) float64 {
	if c.setFace(size) == nil {
		return 0
	}
	s = c.fit(c.drawable(s), maxWidth)
	w, _ := c.MeasureString(s)
	rn := run{Text: s, Size: size, X: x - ax*w, Y: y, Color: col, Bold: bold}
	rn.Box = c.draw(rn)
	c.runs = append(c.runs, rn)
	return w
}

// draw draws one run and returns the box its ink covers. Bold draws it
// twice, a little apart: the CJK fonts we can count on have no bold face.
func (c *canvas) draw(rn run) image.Rectangle {
	face := c.setFace(rn.Size)
	if face == nil {
		return image.Rectangle{}
	}
	// font.Drawer, not gg's DrawString: gg passes every glyph through a
	// general affine transform, which made a poster take 250 ms; with no
	// transform to apply, the drawer's direct mask copy draws the same
	// glyphs.
	c.SetHexColor(rn.Color)
	d := font.Drawer{Dst: c.Image().(*image.RGBA), Src: image.NewUniform(c.colour(rn.Color)), Face: face}
	d.Dot = fixed.Point26_6{X: fixed.Int26_6(rn.X * 64), Y: fixed.Int26_6(rn.Y * 64)}
	d.DrawString(rn.Text)
	shift := 0.0
	if rn.Bold {
		shift = max(1, rn.Size/40)
		d.Dot = fixed.Point26_6{X: fixed.Int26_6((rn.X + shift) * 64), Y: fixed.Int26_6(rn.Y * 64)}
		d.DrawString(rn.Text)
	}
	b, _ := font.BoundString(face, rn.Text)
	dx, dy := fixed.Int26_6(rn.X*64), fixed.Int26_6(rn.Y*64)
	return image.Rect((b.Min.X+dx).Floor()-1, (b.Min.Y+dy).Floor()-1, (b.Max.X+dx).Ceil()+int(shift)+1, (b.Max.Y+dy).Ceil()+1)
}

// wrap splits s into lines no wider than width, breaking between any two
// characters (Chinese has no spaces to break at) but never before closing
// punctuation.
func (c *canvas) wrap(s string, size, width float64) []string {
	if c.setFace(size) == nil {
		return nil
	}
	s = c.drawable(s)
	var lines []string
	var line []rune
	for _, r := range s {
		next := append(line, r)
		if w, _ := c.MeasureString(string(next)); w > width && len(line) > 0 && !strings.ContainsRune("，。、；：！？”’）》」』,.;:!?)", r) {
			lines = append(lines, string(line))
			line = []rune{r}
			continue
		}
		line = next
	}
	if len(line) > 0 {
		lines = append(lines, string(line))
	}
	return lines
}

// colour parses the palette's #rrggbb; the palette is fixed, so a bad
// value is a bug that draws black.
func (c *canvas) colour(hex string) color.Color {
	var r, g, b uint8
	_, _ = fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	return color.RGBA{r, g, b, 255}
}

func (c *canvas) fillRound(x, y, w, h, radius float64, col string) {
	c.SetHexColor(col)
	c.DrawRoundedRectangle(x, y, w, h, radius)
	c.Fill()
}

func (c *canvas) png() ([]byte, error) {
	if c.err != nil {
		return nil, c.err
	}
	return encode(c.Image())
}
