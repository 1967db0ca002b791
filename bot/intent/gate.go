package intent

import (
	"regexp"

	"linli/internal/gatedre"
)

// A gate skips the expressions a text cannot match. Each expression is
// read once, when the resolver is built, for a set of characters one of
// which every match must contain (「打卡|签到」 needs 打 or 签); a text with
// none of them is not scanned at all. Most of the intents' expressions
// need characters a given message does not have, and Go's regexp has no
// such filter of its own for an alternation, so this is where the
// reading of a message spends least (BENCHMARKS.md).
type gate struct {
	// by maps a character to the expressions that may match when it is
	// present, as a bit set over expression ids.
	by map[rune][]uint64
	// always are the expressions no character rules out.
	always []uint64
	n      int
}

// add registers re under the next id and returns it.
func (g *gate) add(re *regexp.Regexp) int {
	id := g.n
	g.n++
	words := (g.n + 63) / 64
	grow := func(s []uint64) []uint64 {
		for len(s) < words {
			s = append(s, 0)
		}
		return s
	}
	g.always = grow(g.always)
	need, ok := gatedre.NeededChars(re.String())
	if !ok {
		g.always[id/64] |= 1 << (id % 64)
		return id
	}
	if g.by == nil {
		g.by = map[rune][]uint64{}
	}
	for _, c := range need {
		s := grow(g.by[c])
		s[id/64] |= 1 << (id % 64)
		g.by[c] = s
	}
	return id
}

// open returns the expressions text may match, as a bit set.
func (g *gate) open(text string) []uint64 {
	set := make([]uint64, (g.n+63)/64)
	copy(set, g.always)
	for _, c := range text {
		for w, bits := range g.by[c] {
			set[w] |= bits
		}
	}
	return set
}

// has reports whether id is in the set.
func has(set []uint64, id int) bool { return set[id/64]&(1<<(id%64)) != 0 }
