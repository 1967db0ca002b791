package volunteer

import (
	"linli/numerals"
)

// cnNumberChars is the character class of numbers written either way.
const cnNumberChars = numerals.Chars

// parseNumber reads "12", "十二", "二十三", "两"; -1 when it is not a
// number.
func parseNumber(s string) int {
	if n, ok := numerals.Parse(s); ok {
		return n
	}
	return -1
}
