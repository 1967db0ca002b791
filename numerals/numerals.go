// Package numerals reads and writes numbers the way residents and statutes
// write them in Chinese: 一千二百五十四, 二十三, 十二, 两, 一百零五, or plain
// digits. The time grammar, the legal retrieval, the volunteer requests and
// the model's answers all read numbers through it, so 「两」 means 2
// everywhere.
package numerals

import (
	"strconv"
	"strings"
)

// Chars is the character class, for a regular expression, of the
// characters a number written either way is made of.
const Chars = `0-9零〇一二两三四五六七八九十百千`

// Digit is the value of one Chinese digit (零 〇 一 二 两 … 九).
func Digit(r rune) (int, bool) {
	switch r {
	case '零', '〇':
		return 0, true
	case '一':
		return 1, true
	case '二', '两':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

func unit(r rune) int {
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	case '千':
		return 1000
	}
	return 0
}

// Parse reads a whole number: Arabic digits, or a Chinese numeral below
// ten thousand written as people write it (十二, 二十三, 两, 一百零五,
// 一千二百五十四). Anything else, including digits run together without
// their units (二三) or units out of order (十百), is not a number.
func Parse(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if strings.Trim(s, "0123456789") == "" {
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	total, cur, last := 0, -1, 10000
	for i, r := range []rune(s) {
		if d, ok := Digit(r); ok {
			if cur > 0 {
				return 0, false // 二三: two digits with no unit between
			}
			cur = d
			continue
		}
		u := unit(r)
		if u == 0 || u >= last {
			return 0, false
		}
		switch {
		case cur < 0 && u == 10 && i == 0:
			cur = 1 // 十二 is 12
		case cur <= 0:
			return 0, false // 百 or 零十 with no digit before
		}
		total += cur * u
		cur, last = -1, u
	}
	if cur > 0 {
		total += cur
	}
	return total, true
}

var chineseDigits = [...]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// Write writes n (1 ≤ n < 10000) the way statutes number their articles:
// 1254 → 一千二百五十四, 10 → 十, 105 → 一百零五. Other numbers are written
// in digits.
func Write(n int) string {
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
			b.WriteString(chineseDigits[digit])
		}
		b.WriteString(units[i])
	}
	return b.String()
}
