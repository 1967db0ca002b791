package console

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"

	"rsc.io/qr"
)

// bar is one bar of a chart.
type bar struct {
	Label string
	Value int
}

// barChart draws bars as an SVG, sized by the viewBox so it fits a phone
// and a desktop alike. Text is escaped; colours are attributes, so the
// Content-Security-Policy needs no inline styles.
func barChart(title string, bars []bar) template.HTML {
	const w, h, top, bottom = 640, 220, 24, 28
	most := 1
	for _, b := range bars {
		most = max(most, b.Value)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, h, template.HTMLEscapeString(title))
	if len(bars) == 0 {
		buf.WriteString(`</svg>`)
		return template.HTML(buf.String())
	}
	slot := float64(w) / float64(len(bars))
	for i, b := range bars {
		bh := float64(h-top-bottom) * float64(b.Value) / float64(most)
		x := float64(i)*slot + slot*0.15
		y := float64(h-bottom) - bh
		fmt.Fprintf(&buf, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#2f7d4a"><title>%s：%d</title></rect>`,
			x, y, slot*0.7, bh, template.HTMLEscapeString(b.Label), b.Value)
		if b.Value > 0 {
			fmt.Fprintf(&buf, `<text x="%.1f" y="%.1f" font-size="13" text-anchor="middle" fill="#222">%d</text>`, x+slot*0.35, y-4, b.Value)
		}
		fmt.Fprintf(&buf, `<text x="%.1f" y="%d" font-size="13" text-anchor="middle" fill="#555">%s</text>`,
			x+slot*0.35, h-8, template.HTMLEscapeString(b.Label))
	}
	buf.WriteString(`</svg>`)
	return template.HTML(buf.String())
}

// hbarChart draws one horizontal bar per option, label above its bar, so
// long option names (a poll's) stay readable on a phone.
func hbarChart(title string, bars []bar) template.HTML {
	const w, row, left = 420, 50, 4
	most := 1
	for _, b := range bars {
		most = max(most, b.Value)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, row*max(len(bars), 1), template.HTMLEscapeString(title))
	for i, b := range bars {
		y := i * row
		bw := float64(w-left-60) * float64(b.Value) / float64(most)
		fmt.Fprintf(&buf, `<text x="%d" y="%d" font-size="17" fill="#222">%s</text>`, left, y+17, template.HTMLEscapeString(b.Label))
		fmt.Fprintf(&buf, `<rect x="%d" y="%d" width="%.1f" height="20" fill="#2f7d4a"><title>%s：%d</title></rect>`,
			left, y+22, bw, template.HTMLEscapeString(b.Label), b.Value)
		fmt.Fprintf(&buf, `<text x="%.1f" y="%d" font-size="16" fill="#222">%d票</text>`, float64(left)+bw+6, y+38, b.Value)
	}
	buf.WriteString(`</svg>`)
	return template.HTML(buf.String())
}

// streakBuckets are the streak chart's bars: lengths up to the bound.
var streakBuckets = []struct {
	label string
	upTo  int
}{{"1天", 1}, {"2–3天", 3}, {"4–6天", 6}, {"7–13天", 13}, {"14–20天", 20}, {"21天+", 1 << 30}}

// streakChart draws how many members stand at each current streak length.
func streakChart(lengths []int) (template.HTML, int) {
	counts := make([]int, len(streakBuckets))
	for _, n := range lengths {
		for i, b := range streakBuckets {
			if n <= b.upTo {
				counts[i]++
				break
			}
		}
	}
	bars := make([]bar, len(streakBuckets))
	for i, b := range streakBuckets {
		bars[i] = bar{Label: b.label, Value: counts[i]}
	}
	return barChart("连续打卡天数分布", bars), len(lengths)
}

// qrDataURL draws the login QR code as an inline PNG (rsc.io/qr), so the
// operator scans it from the console and no image leaves the server.
func qrDataURL(text string) (template.URL, error) {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", fmt.Errorf("draw login QR code: %w", err)
	}
	c.Scale = 6
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(c.PNG())), nil
}
