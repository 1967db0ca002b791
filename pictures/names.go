package pictures

import (
	"regexp"
	"strings"
	"unicode"
)

// Neighbour is shown in place of a name that has nothing printable left.
const Neighbour = "邻居"

// roomOrPhone matches digits with the building, unit and room words that
// usually come with them, so 「3栋502王阿姨」 loses 「3栋502」 whole.
var roomOrPhone = regexp.MustCompile(`[\p{Nd}]+(\s*(栋|幢|号楼|号|楼|单元|室|层|座|户|期|区|[-—－#＃/]))*`)

// SafeName is how a name may appear on a picture (or in its text form)
// that others see. Emoji, symbols and invisible characters are removed, so
// a name never draws as empty boxes. A name with any digit in it may carry
// a phone or room number, so it is masked: its first remaining character
// and two stars (「王**」). A name with nothing left becomes 「邻居」.
func SafeName(name string) string {
	hasDigit := strings.IndexFunc(name, unicode.IsDigit) >= 0
	if hasDigit {
		name = roomOrPhone.ReplaceAllString(name, " ")
	}
	name = Clean(name)
	if name == "" {
		return Neighbour
	}
	if hasDigit {
		return string([]rune(name)[0]) + "**"
	}
	return name
}

// Clean keeps letters, digits, punctuation, combining marks that follow a
// kept character, and single spaces. It drops emoji (and their skin-tone,
// joiner and variation-selector parts), other symbols, control and format
// characters and private-use code points.
func Clean(s string) string {
	var b strings.Builder
	kept, space := false, false
	for _, r := range s {
		switch {
		case unicode.IsMark(r):
			if kept && !space {
				b.WriteRune(r)
			}
		case unicode.IsSpace(r):
			space = kept
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsPunct(r):
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
			kept = true
		}
	}
	return b.String()
}
