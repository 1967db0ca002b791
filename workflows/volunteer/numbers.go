package volunteer

import (
	"strconv"
)

// cnDigits are the Chinese numerals residents write for small numbers.
var cnDigits = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// cnNumberChars is the character class of numbers written either way.
const cnNumberChars = `0-9零〇一二两三四五六七八九十`

// parseNumber reads "12", "十二", "二十三", "两" up to 99; -1 when it is
// not a number.
func parseNumber(s string) int {
	if s == "" {
		return -1
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	rs := []rune(s)
	if len(rs) > 3 {
		return -1
	}
	ten := -1
	for i, r := range rs {
		if r == '十' {
			ten = i
		} else if _, ok := cnDigits[r]; !ok {
			return -1
		}
	}
	switch {
	case ten < 0:
		if len(rs) != 1 {
			return -1
		}
		return cnDigits[rs[0]]
	case len(rs) == 1:
		return 10
	case ten == 0 && len(rs) == 2:
		return 10 + cnDigits[rs[1]]
	case ten == 1 && len(rs) == 2:
		return cnDigits[rs[0]] * 10
	case ten == 1 && len(rs) == 3:
		return cnDigits[rs[0]]*10 + cnDigits[rs[2]]
	}
	return -1
}
