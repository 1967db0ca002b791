package llm

import (
	"fmt"
	"linli/numerals"
	"regexp"
	"strings"
	"unicode"
)

// Masked is a resident's text with phone numbers, ID-card numbers and room
// numbers replaced by placeholders ([电话1], [身份证1], [房号1]), so they
// never leave the machine. The mapping stays here, to restore the values
// where a workflow needs them (a task's place, for the assigned volunteer).
type Masked struct {
	// Text is what may be sent to a model.
	Text  string
	pairs []maskPair
}

type maskPair struct{ placeholder, original string }

// maskRule finds one kind of personal number.
type maskRule struct {
	label string
	re    *regexp.Regexp
}

const cnDigits = numerals.Chars

// maskRules run in order: the longest, most specific numbers first, so an
// ID card is never taken for a phone number.
var maskRules = []maskRule{
	{"身份证", regexp.MustCompile(`[0-9]{6}[ -]?[0-9]{8}[ -]?[0-9]{3}[0-9Xx]|[0-9]{15}`)},
	{"电话", regexp.MustCompile(`(?:\+?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}`)},
	{"电话", regexp.MustCompile(`0[0-9]{2,3}[ -]?[0-9]{7,8}|[0-9]{3,4}-[0-9]{4}(?:-[0-9]{1,4})?`)},
	{"房号", regexp.MustCompile(
		// 3号楼, 3号楼2单元301室
		`(?:[` + cnDigits + `]+|[A-Za-z])号楼(?:[ -]?[` + cnDigits + `]+单元)?(?:[ -]?[0-9]{2,4}(?:室|号|房)?)?` +
			// 5栋302, A座1203, 十二幢三单元 (a bare "4栋" is a count, not an address)
			`|(?:[` + cnDigits + `]+|[A-Za-z])(?:栋|幢|座)(?:[ -]?[` + cnDigits + `]+单元(?:[ -]?[0-9]{2,4}(?:室|号|房)?)?|[ -]?[0-9]{2,4}(?:室|号|房)?)` +
			// 3楼302, 2单元301
			`|[0-9]+(?:楼|单元)[ -]?[0-9]{2,4}(?:室|号|房)?` +
			// 3-2-301
			`|[0-9]{1,3}-[0-9]{1,2}-[0-9]{3,4}` +
			// 302室, 1203房
			`|[0-9]{3,4}(?:室|房)`)},
	// Any other long run of digits (a local number, a bank card) is
	// nobody's business either.
	{"号码", regexp.MustCompile(`[0-9]{7,}`)},
}

// Mask replaces personal numbers in text with placeholders. It first folds
// full-width digits and letters to ASCII and drops invisible characters, so
// "１３８\u200b1234 5678" is caught too.
func Mask(text string) Masked {
	m := Masked{Text: foldText(text)}
	if !strings.ContainsAny(m.Text, "0123456789楼栋幢座单元室") {
		return m // nothing any rule could match; most messages end here
	}
	counts := make(map[string]int)
	for _, rule := range maskRules {
		m.Text = m.apply(rule, m.Text, counts)
	}
	return m
}

func (m *Masked) apply(rule maskRule, text string, counts map[string]int) string {
	locs := rule.re.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		i, j := loc[0], loc[1]
		if digitAt(text, i-1) || digitAt(text, j) {
			continue
		}
		orig := text[i:j]
		ph := m.placeholderFor(orig)
		if ph == "" {
			counts[rule.label]++
			ph = fmt.Sprintf("[%s%d]", rule.label, counts[rule.label])
			m.pairs = append(m.pairs, maskPair{ph, orig})
		}
		b.WriteString(text[last:i])
		b.WriteString(ph)
		last = j
	}
	b.WriteString(text[last:])
	return b.String()
}

func (m *Masked) placeholderFor(orig string) string {
	for _, p := range m.pairs {
		if p.original == orig {
			return p.placeholder
		}
	}
	return ""
}

// digitAt reports whether byte i of s is an ASCII digit, so that a match
// inside a longer number is not taken for a number of its own. (Bytes of
// multi-byte runes are never ASCII digits.)
func digitAt(s string, i int) bool {
	return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9'
}

// Restore puts the original values back in place of the placeholders, for
// text (typically a model's reply) that stays on the machine.
func (m Masked) Restore(s string) string {
	if len(m.pairs) == 0 {
		return s
	}
	args := make([]string, 0, 2*len(m.pairs))
	for _, p := range m.pairs {
		args = append(args, p.placeholder, p.original)
	}
	return strings.NewReplacer(args...).Replace(s)
}

// Len is how many distinct values were masked.
func (m Masked) Len() int { return len(m.pairs) }

// foldText turns full-width digits, letters, '+' and '-' into half-width
// ones (Chinese punctuation stays as it is), the ideographic space
// into a space, and drops invisible format characters (zero-width spaces,
// joiners, direction marks) that could hide a number from the rules.
func foldText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r == '－', r == '＋':
			b.WriteRune(r - 0xFEE0)
		case r == 0x3000:
			b.WriteRune(' ')
		case unicode.Is(unicode.Cf, r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
