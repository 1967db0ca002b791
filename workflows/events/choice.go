package events

import (
	"strings"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/numerals"
)

// Residents name a poll's choice the way they remember it: the whole of it
// (「东门车棚」), a part no other choice has (「东门」「灯谜」), its place in
// the list (「第二个」), or typed in pinyin without turning it into
// characters (「beimen」「dengmi」).

// ordinalRe is a choice by its place in the list: 「第二个」「第3项」.
var ordinalRe = gatedre.MustCompile(`第\s*([0-9]+|[一二两三四五六七八九十]+)\s*(个|项|种|条|样)?`)

// bareNumber is a choice by its number alone or after 投/选: 「1」「投2」.
var bareNumber = gatedre.MustCompile(`(^\s*|投\s*|选\s*)([1-9])\s*(号|项)?\s*(吧|啊)?$`)

// dayNo is a day of the month: 「19号」「20日」.
var dayNo = gatedre.MustCompile(`[0-9]{1,2}(号|日)`)

// dayChoice is the one choice of p that has the day of the month words
// name (「投19号」 for 「19号周六」), 0 when none or several have it.
func dayChoice(p Poll, words string) int {
	d := dayNo.FindString(words)
	if d == "" {
		return 0
	}
	return onePick(p, func(i int) bool { return strings.Contains(p.Options[i], d) })
}

// pointingWords point at a choice without naming it.
var pointingWords = gatedre.MustCompile(`那个|这个|那块|这块|那边|这边|那里|这里|那家`)

// latinRun is a word of pinyin typed in letters.
var latinRun = gatedre.MustCompile(`[A-Za-z]{3,}`)

// choiceNamed is the number of the one choice of p that words name, 0 when
// they name none or more than one.
func choiceNamed(p Poll, words string) int {
	if n := namedChoice(p, words); n > 0 {
		return n
	}
	if n := dayChoice(p, words); n > 0 {
		return n
	}
	if m := bareNumber.FindStringSubmatch(words); m != nil {
		if n := int(m[2][0] - '0'); n >= 1 && n <= len(p.Options) {
			return n
		}
	}
	if m := ordinalRe.FindStringSubmatch(words); m != nil {
		if n, ok := numerals.Parse(m[1]); ok && n >= 1 && n <= len(p.Options) {
			return n
		}
	}
	// 「9栋后面那个」: 那个 points, and names no choice that has it.
	pointing := pointingWords.ReplaceAllString(words, " ")
	if n := onePick(p, func(i int) bool { return sharesOwnPiece(p, i, pointing) }); n > 0 {
		return n
	}
	runs := latinRun.FindAllString(words, -1)
	if len(runs) == 0 {
		return 0
	}
	return onePick(p, func(i int) bool {
		spelled := spellings(p.Options[i])
		for _, r := range runs {
			if spelled[strings.ToLower(r)] {
				return true
			}
		}
		return false
	})
}

// onePick is the number of the one choice named, 0 for none or several.
func onePick(p Poll, named func(i int) bool) int {
	pick := 0
	for i := range p.Options {
		if named(i) {
			if pick != 0 {
				return 0
			}
			pick = i + 1
		}
	}
	return pick
}

// sharesOwnPiece reports whether words hold two characters in a row of
// choice i that no other choice has.
func sharesOwnPiece(p Poll, i int, words string) bool {
	return intent.OwnPiece(p.Options, i, words)
}

// spellings are the toneless pinyin of a choice and of each run of two
// or more of its characters, written together: 「北门空地」 gives beimen,
// kongdi, beimenkongdi and the rest.
func spellings(option string) map[string]bool {
	syl := pinyin.LazyPinyin(option, pinyin.NewArgs())
	out := map[string]bool{}
	for i := range syl {
		for j := i + 2; j <= len(syl); j++ {
			out[strings.Join(syl[i:j], "")] = true
		}
	}
	if utf8.RuneCountInString(option) == 1 && len(syl) == 1 {
		out[syl[0]] = true
	}
	return out
}
