package knowledge

import (
	"regexp"
	"strconv"
	"strings"
)

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// ChineseNumber writes n (0 ≤ n < 10000) the way statutes number their
// articles: 1254 → 一千二百五十四, 10 → 十, 105 → 一百零五.
func ChineseNumber(n int) string {
	if n <= 0 || n >= 10000 {
		return strconv.Itoa(n)
	}
	units := []string{"千", "百", "十", ""}
	div := []int{1000, 100, 10, 1}
	var b strings.Builder
	zero := false
	for i, d := range div {
		digit := n / d % 10
		if digit == 0 {
			if b.Len() > 0 {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		if !(digit == 1 && d == 10 && b.Len() == 0) {
			b.WriteString(cnDigits[digit])
		}
		b.WriteString(units[i])
	}
	return b.String()
}

// ArticleName is how an article is cited to residents:
// 《民法典》第一千二百五十四条.
func ArticleName(n int) string { return "《民法典》第" + ChineseNumber(n) + "条" }

// parseChinese reads a Chinese numeral such as 一千二百五十四 or 二百零五.
func parseChinese(s string) (int, bool) {
	val := map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	unit := map[rune]int{'十': 10, '百': 100, '千': 1000}
	total, cur := 0, 0
	seen := false
	for _, r := range s {
		if v, ok := val[r]; ok {
			cur = v
			seen = true
			continue
		}
		u, ok := unit[r]
		if !ok {
			return 0, false
		}
		if cur == 0 && u == 10 {
			cur = 1
		}
		total += cur * u
		cur = 0
		seen = true
	}
	if !seen {
		return 0, false
	}
	return total + cur, true
}

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
