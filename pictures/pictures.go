// Package pictures draws the images residents pass on: the weekly 光荣榜
// poster of a group, the monthly ranking of communities, the certificate of
// a completed challenge, a resident's check-in calendar and a volunteer's
// thank-you card.
//
// It knows nothing of the store or of WeChat: each picture takes plain data
// and returns PNG bytes, the same bytes for the same data, so a picture can
// be rendered again after a crash and tests can compare it with a golden
// image. Every picture also has a Text form, which the workflows send when
// no CJK font is installed.
//
// Drawing uses github.com/fogleman/gg for shapes, anti-aliased paths and
// text. The CJK fonts Debian ships need two parsers: Noto CJK is a
// collection of CFF (PostScript-outline) fonts, which only
// golang.org/x/image/font/opentype reads, and WenQuanYi Micro Hei is a
// collection whose tables are not 4-byte aligned, which opentype rejects
// and gg's own github.com/golang/freetype reads. A font is tried with the
// first, then the second.
package pictures

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"strings"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// ErrNoFont means no CJK font was found: install fonts-wqy-microhei or
// fonts-noto-cjk, or set the font path. Callers send the picture's Text
// instead.
var ErrNoFont = errors.New("no CJK font found (install fonts-wqy-microhei or fonts-noto-cjk, or set the font path)")

// SystemFontPaths lists where Debian, Ubuntu, Fedora, Alpine and macOS keep
// a font with Chinese glyphs, most preferred first. WenQuanYi Micro Hei
// comes first because it is small (5 MB) and one face; the Noto collections
// are larger.
func SystemFontPaths() []string {
	return []string{
		"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
		"/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
		"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
		"/System/Library/Fonts/STHeiti Medium.ttc",
	}
}

// FindFont returns configured when it is set (and readable), else the
// first of SystemFontPaths that exists.
func FindFont(configured string) (string, error) {
	if configured != "" {
		if _, err := os.Stat(configured); err != nil {
			return "", fmt.Errorf("font %s: %w", configured, errors.Join(ErrNoFont, err))
		}
		return configured, nil
	}
	for _, p := range SystemFontPaths() {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", ErrNoFont
}

// Renderer draws pictures with one font. It is safe for concurrent use:
// the parsed font is read-only and each picture makes its own faces.
type Renderer struct {
	// Exactly one of otf and ttf is set.
	otf *sfnt.Font
	ttf *truetype.Font
	// Family is the font's family name, as the font itself gives it.
	Family string
	// Path is the file the font was read from.
	Path string
}

// Open finds a CJK font (configured, or the first system one) and parses
// it. Without one it returns an error wrapping ErrNoFont.
func Open(configured string) (*Renderer, error) {
	path, err := FindFont(configured)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read font %s: %w", path, err)
	}
	r := &Renderer{Path: path}
	if f, err := parseFont(data); err == nil {
		r.otf = f
		r.Family, _ = f.Name(nil, sfnt.NameIDFamily)
	} else if tf, err2 := truetype.Parse(data); err2 == nil {
		r.ttf = tf
		r.Family = tf.Name(truetype.NameIDFontFamily)
	} else {
		return nil, fmt.Errorf("parse font %s: %w", path, errors.Join(err, err2))
	}
	var b sfnt.Buffer
	if !r.has(&b, '邻') {
		return nil, fmt.Errorf("font %s (%s) has no Chinese glyphs: %w", path, r.Family, ErrNoFont)
	}
	return r, nil
}

// has reports whether the font draws r; b is scratch space for the
// opentype parser.
func (r *Renderer) has(b *sfnt.Buffer, c rune) bool {
	if r.ttf != nil {
		return r.ttf.Index(c) != 0
	}
	i, err := r.otf.GlyphIndex(b, c)
	return err == nil && i != 0
}

// parseFont reads a single font or a collection; from a collection it
// takes the Simplified Chinese face where the collection names one (Noto
// CJK puts Japanese first), else the first.
func parseFont(data []byte) (*sfnt.Font, error) {
	c, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, err
	}
	var first *sfnt.Font
	for i := range c.NumFonts() {
		f, err := c.Font(i)
		if err != nil {
			return nil, err
		}
		if first == nil {
			first = f
		}
		name, _ := f.Name(nil, sfnt.NameIDFamily)
		if strings.HasSuffix(name, " SC") {
			return f, nil
		}
	}
	if first == nil {
		return nil, errors.New("empty font collection")
	}
	return first, nil
}

func (r *Renderer) face(size float64) (font.Face, error) {
	if r.ttf != nil {
		// A face caches glyph masks in one image sized for all its
		// entries; the default 512 entries cost 60 MB at 150 pt, and a
		// picture draws a few dozen glyphs per size.
		return truetype.NewFace(r.ttf, &truetype.Options{Size: size, DPI: 72, Hinting: font.HintingNone, GlyphCacheEntries: 16}), nil
	}
	return opentype.NewFace(r.otf, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
}

// encode writes img as PNG. BestSpeed keeps each picture well under the
// 200 ms budget; the flat colours compress well even so.
func encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}
