// Package personal recognises the numbers in a resident's text that are
// nobody else's business: mainland mobile phone numbers, however they are
// typed (spaces, dashes, +86, full-width digits, Chinese numerals such as
// 「幺三八…」), and resident ID-card numbers (身份证号), which are never
// taken for a phone number although eleven of their digits look like one.
package personal

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"linli/internal/fold"
)

// Kind is what a number is.
type Kind int

// The kinds of personal number.
const (
	Phone Kind = iota + 1
	IDCard
)

// Number is one personal number found in a text.
type Number struct {
	Kind Kind
	// Start and End are byte offsets of the number in the text as given.
	Start, End int
	// Digits is the number in ASCII digits, without +86 (an ID card may
	// end in X).
	Digits string
}

const cnDigits = "零一二三四五六七八九"

// digitOf reads one digit as residents type it: ASCII, full-width or a
// Chinese numeral (幺 and 两 are said for 1 and 2 in phone numbers).
func digitOf(r rune) (byte, bool) {
	r = fold.Rune(r)
	if r >= '0' && r <= '9' {
		return byte(r), true
	}
	if i := strings.IndexRune(cnDigits, r); i >= 0 {
		return byte('0' + utf8.RuneCountInString(cnDigits[:i])), true
	}
	switch r {
	case '〇':
		return '0', true
	case '幺':
		return '1', true
	case '两':
		return '2', true
	}
	return 0, false
}

// The shapes of the numbers, read on the normalised text: every digit as
// an ASCII digit, X for a check digit, '-' for any separator, '+' as is
// and '|' for anything else.
var (
	reID = regexp.MustCompile(`[0-9]{6}-?[0-9]{4}-?[0-9]{4}-?[0-9]{3}[0-9X]|[0-9]{15}`)
	// reIDSpaced is an ID card typed in groups of any length (「3201 1319
	// 7010 0862 1X」); it is one only when its digits hold a birth date.
	reIDSpaced = regexp.MustCompile(`[0-9](?:-?[0-9]){16}-?[0-9X]`)
	rePhone    = regexp.MustCompile(`(?:\+-?86-?|\b86-)?1-?[3-9](?:-?[0-9]){9}`)
)

// Find returns the ID-card and phone numbers of text, in order of
// appearance. ID cards are read first, so their digits are never read as a
// phone number.
func Find(text string) []Number {
	norm, pos := normalise(text)
	if norm == "" {
		return nil
	}
	var out []Number
	taken := []byte(norm)
	for _, loc := range reID.FindAllStringIndex(norm, -1) {
		if digitAround(norm, loc) {
			continue
		}
		out = append(out, number(IDCard, text, norm, pos, loc))
		for i := loc[0]; i < loc[1]; i++ {
			taken[i] = '|'
		}
	}
	for _, loc := range reIDSpaced.FindAllStringIndex(string(taken), -1) {
		if n := number(IDCard, text, norm, pos, loc); !digitAround(string(taken), loc) && bornOn(n.Digits) {
			out = append(out, n)
			for i := loc[0]; i < loc[1]; i++ {
				taken[i] = '|'
			}
		}
	}
	rest := string(taken)
	for _, loc := range rePhone.FindAllStringIndex(rest, -1) {
		if digitAround(rest, loc) {
			continue
		}
		n := number(Phone, text, rest, pos, loc)
		n.Digits = n.Digits[len(n.Digits)-11:] // drop the 86
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b Number) int { return a.Start - b.Start })
	return out
}

// HasPhone reports whether text holds a mobile phone number, in any of
// the ways Find reads one (「139 5172 0846」「一八六…」).
func HasPhone(text string) bool {
	return slices.ContainsFunc(Find(text), func(n Number) bool { return n.Kind == Phone })
}

// normalise maps text to one byte a rune (see the shapes above) and
// returns, for each byte, the offset of its rune in text.
func normalise(text string) (string, []int) {
	if !strings.ContainsFunc(text, func(r rune) bool { _, ok := digitOf(r); return ok }) {
		return "", nil
	}
	var b strings.Builder
	pos := make([]int, 0, len(text))
	for i, r := range text {
		pos = append(pos, i)
		if d, ok := digitOf(r); ok {
			b.WriteByte(d)
			continue
		}
		switch fold.Rune(r) {
		case 'X', 'x':
			b.WriteByte('X')
		case ' ', '-', '\u00a0':
			b.WriteByte('-')
		case '+':
			b.WriteByte('+')
		default:
			b.WriteByte('|')
		}
	}
	return b.String(), pos
}

// bornOn reports whether the eighteen characters of an ID card hold a
// birth date (YYYYMMDD from the seventh), as every real one does.
func bornOn(id string) bool {
	if len(id) != 18 {
		return false
	}
	year, month, day := id[6:10], id[10:12], id[12:14]
	return (year[:2] == "19" || year[:2] == "20") && month >= "01" && month <= "12" && day >= "01" && day <= "31"
}

// digitAround reports whether a match touches another digit, so a match
// inside a longer number is not taken for a number of its own.
func digitAround(norm string, loc []int) bool {
	isDigit := func(i int) bool { return i >= 0 && i < len(norm) && norm[i] >= '0' && norm[i] <= '9' }
	return isDigit(loc[0]-1) || isDigit(loc[1]) || (loc[1] < len(norm) && norm[loc[1]] == 'X')
}

func number(k Kind, text, norm string, pos []int, loc []int) Number {
	start := pos[loc[0]]
	end := len(text)
	if loc[1] < len(pos) {
		end = pos[loc[1]]
	}
	var digits strings.Builder
	for _, c := range []byte(norm[loc[0]:loc[1]]) {
		if (c >= '0' && c <= '9') || c == 'X' {
			digits.WriteByte(c)
		}
	}
	return Number{Kind: k, Start: start, End: end, Digits: digits.String()}
}

// MaskPhone shows a phone number's first three and last four digits.
func MaskPhone(p string) string {
	if len(p) < 8 {
		return strings.Repeat("*", len(p))
	}
	return p[:3] + strings.Repeat("*", len(p)-7) + p[len(p)-4:]
}

// MaskedID is what stands for an ID-card number wherever linli repeats a
// text: nobody needs it to help.
const MaskedID = "[身份证号已隐藏]"

// Replace returns text with each personal number replaced by what f
// returns for it.
func Replace(text string, f func(Number) string) string {
	ns := Find(text)
	if len(ns) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, n := range ns {
		b.WriteString(text[last:n.Start])
		b.WriteString(f(n))
		last = n.End
	}
	b.WriteString(text[last:])
	return b.String()
}
