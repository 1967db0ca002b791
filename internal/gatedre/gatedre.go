// Package gatedre is regexp with a gate in front: an expression is read
// once, when compiled, for a set of characters one of which every match
// must contain (「扔|丢|倒」 needs 扔, 丢 or 倒), and a text with none of
// them is answered without running the expression. Go's regexp filters
// by a literal prefix only, so an alternation is otherwise run over
// every text; the readings of a chat message run hundreds of such
// expressions, most of which need characters the message lacks
// (BENCHMARKS.md).
package gatedre

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
)

// Regexp is a compiled expression and the characters it needs. Methods
// not redefined here are regexp's own, without the gate.
type Regexp struct {
	*regexp.Regexp
	need Set
}

// MustCompile is regexp.MustCompile with the gate.
func MustCompile(expr string) *Regexp {
	re := regexp.MustCompile(expr)
	return &Regexp{Regexp: re, need: Needs(re)}
}

// May reports whether s has a character every match needs: when it is
// false, no match is in s.
func (re *Regexp) May(s string) bool { return re.need.In(s) }

// MatchString is regexp's MatchString.
func (re *Regexp) MatchString(s string) bool { return re.May(s) && re.Regexp.MatchString(s) }

// FindString is regexp's FindString.
func (re *Regexp) FindString(s string) string {
	if !re.May(s) {
		return ""
	}
	return re.Regexp.FindString(s)
}

// FindStringIndex is regexp's FindStringIndex.
func (re *Regexp) FindStringIndex(s string) []int {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindStringIndex(s)
}

// FindStringSubmatch is regexp's FindStringSubmatch.
func (re *Regexp) FindStringSubmatch(s string) []string {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindStringSubmatch(s)
}

// FindStringSubmatchIndex is regexp's FindStringSubmatchIndex.
func (re *Regexp) FindStringSubmatchIndex(s string) []int {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindStringSubmatchIndex(s)
}

// FindAllString is regexp's FindAllString.
func (re *Regexp) FindAllString(s string, n int) []string {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindAllString(s, n)
}

// FindAllStringSubmatch is regexp's FindAllStringSubmatch.
func (re *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindAllStringSubmatch(s, n)
}

// FindAllStringIndex is regexp's FindAllStringIndex.
func (re *Regexp) FindAllStringIndex(s string, n int) [][]int {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindAllStringIndex(s, n)
}

// ReplaceAllString is regexp's ReplaceAllString.
func (re *Regexp) ReplaceAllString(s, repl string) string {
	if !re.May(s) {
		return s
	}
	return re.Regexp.ReplaceAllString(s, repl)
}

// ReplaceAllLiteralString is regexp's ReplaceAllLiteralString.
func (re *Regexp) ReplaceAllLiteralString(s, repl string) string {
	if !re.May(s) {
		return s
	}
	return re.Regexp.ReplaceAllLiteralString(s, repl)
}

// ReplaceAllStringFunc is regexp's ReplaceAllStringFunc.
func (re *Regexp) ReplaceAllStringFunc(s string, repl func(string) string) string {
	if !re.May(s) {
		return s
	}
	return re.Regexp.ReplaceAllStringFunc(s, repl)
}

// Set is a set of characters; the zero Set holds every text (no gate).
type Set struct {
	any   bool // the expression needs nothing in particular
	ascii [2]uint64
	few   []rune // the others, when there are few
	many  map[rune]struct{}
}

// manyFrom is the size from which the others are kept in a map.
const manyFrom = 8

// NewSet is the set of the given characters.
func NewSet(chars []rune) Set {
	s := Set{}
	var wide []rune
	for _, c := range chars {
		if c < 128 {
			s.ascii[c/64] |= 1 << (c % 64)
		} else {
			wide = append(wide, c)
		}
	}
	if len(wide) < manyFrom {
		s.few = wide
		return s
	}
	s.many = make(map[rune]struct{}, len(wide))
	for _, c := range wide {
		s.many[c] = struct{}{}
	}
	return s
}

// In reports whether text has a character of the set, or the set gates
// nothing.
func (s Set) In(text string) bool {
	if s.any {
		return true
	}
	for _, c := range text {
		if c < 128 {
			if s.ascii[c/64]&(1<<(c%64)) != 0 {
				return true
			}
			continue
		}
		if s.many != nil {
			if _, ok := s.many[c]; ok {
				return true
			}
			continue
		}
		for _, f := range s.few {
			if f == c {
				return true
			}
		}
	}
	return false
}

// Needs returns the set of characters one of which every match of re
// contains; it gates nothing when there is none (an expression that
// matches an empty text, or any character).
func Needs(re *regexp.Regexp) Set {
	chars, ok := NeededChars(re.String())
	if !ok {
		return Set{any: true}
	}
	return NewSet(chars)
}

// NeededChars returns characters one of which every match of expr
// contains, and false when there is no such set.
func NeededChars(expr string) ([]rune, bool) {
	tree, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, false
	}
	return need(tree.Simplify())
}

// maxClass is the largest character class read as a set of characters;
// a larger one (「[^的]」, 「\p{Han}」) needs no particular character.
const maxClass = 24

// common are characters nearly every message has; an expression whose
// literal offers a rarer one needs that instead.
const common = "的了我你是不在有一个吗呢啊吧么人要"

func need(t *syntax.Regexp) ([]rune, bool) {
	switch t.Op {
	case syntax.OpNoMatch:
		return []rune{}, true
	case syntax.OpLiteral:
		pick := t.Rune[0]
		for _, c := range t.Rune {
			if !strings.ContainsRune(common, c) {
				pick = c
				break
			}
		}
		if t.Flags&syntax.FoldCase != 0 {
			return folds(pick), true
		}
		return []rune{pick}, true
	case syntax.OpCharClass:
		var out []rune
		for i := 0; i+1 < len(t.Rune); i += 2 {
			if int(t.Rune[i+1]-t.Rune[i])+1+len(out) > maxClass {
				return nil, false
			}
			for c := t.Rune[i]; c <= t.Rune[i+1]; c++ {
				out = append(out, c)
			}
		}
		return out, true
	case syntax.OpCapture, syntax.OpPlus:
		return need(t.Sub[0])
	case syntax.OpRepeat:
		if t.Min < 1 {
			return nil, false
		}
		return need(t.Sub[0])
	case syntax.OpConcat:
		var best []rune
		found := false
		for _, s := range t.Sub {
			if n, ok := need(s); ok && (!found || len(n) < len(best)) {
				best, found = n, true
			}
		}
		return best, found
	case syntax.OpAlternate:
		var all []rune
		for _, s := range t.Sub {
			n, ok := need(s)
			if !ok {
				return nil, false
			}
			all = append(all, n...)
		}
		return all, true
	}
	// Empty matches, anchors, word boundaries, any character, and
	// optional or starred parts need nothing.
	return nil, false
}

// folds returns c and the characters it equals when case is ignored.
func folds(c rune) []rune {
	out := []rune{c}
	for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
		out = append(out, f)
	}
	return out
}
