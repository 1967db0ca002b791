package knowledge

import (
	"linli/numerals"
	"regexp"
	"strconv"
	"strings"
)

// ChineseNumber writes n (0 < n < 10000) the way statutes number their
// articles: 1254 → 一千二百五十四.
func ChineseNumber(n int) string { return numerals.Write(n) }

// ArticleName is how an article is cited to residents:
// 《民法典》第一千二百五十四条.
func ArticleName(n int) string { return "《民法典》第" + ChineseNumber(n) + "条" }

// parseChinese reads a Chinese numeral such as 一千二百五十四 or 二百零五.
func parseChinese(s string) (int, bool) { return numerals.Parse(s) }

var articleRef = regexp.MustCompile(`第\s*([0-9]+|[零〇一二两三四五六七八九十百千]+)\s*条`)

// ParseArticleRefs finds the article numbers cited in text, in order and
// without repeats: "第1254条", "第一千二百五十四条" and bare lists such as
// "1165、1254" after a 依据 label all count.
func ParseArticleRefs(text string) []int {
	var out []int
	seen := map[int]bool{}
	add := func(n int) {
		if n >= 1 && n <= 1260 && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	matches := articleRef.FindAllStringSubmatch(text, -1)
	for _, m := range matches {
		if n, err := strconv.Atoi(m[1]); err == nil {
			add(n)
		} else if n, ok := parseChinese(m[1]); ok {
			add(n)
		}
	}
	if len(matches) == 0 {
		for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r < '0' || r > '9' }) {
			if n, err := strconv.Atoi(f); err == nil {
				add(n)
			}
		}
	}
	return out
}
