package knowledge

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Lexicon maps the words residents use to the words the Civil Code uses
// (狗咬人 → 饲养的动物造成他人损害, 房东 → 出租人). Without it BM25 only
// meets statute text where a question happens to share its characters.
type Lexicon struct {
	entries []lexEntry
	// byFirst indexes entries by the first rune of their phrasing, so a
	// query is matched in one pass over its runes.
	byFirst map[rune][]int
	// articles holds everyday phrasings of what an article is about,
	// indexed with the article so a question in residents' words finds it.
	articles map[int]string
	// everyday maps each statute phrase to the everyday phrasings whose
	// entries name it, for document-side expansion.
	everyday map[string][]string
	legal    []string // the keys of everyday, sorted
	// legalByFirst indexes legal by first rune, so a text is scanned once.
	legalByFirst map[rune][]int
	// areas are the areas of law, with the words that place a question in
	// each (nil for none).
	areas *Areas
	// examples are residents' questions with the articles that answer
	// them (WithExamples).
	examples []Example
}

// Areas returns the areas of law the lexicon knows (nil for none).
func (lx *Lexicon) Areas() *Areas {
	if lx == nil {
		return nil
	}
	return lx.areas
}

// SetAreas sets the areas of law questions are classified into.
func (lx *Lexicon) SetAreas(as *Areas) { lx.areas = as }

type lexEntry struct {
	trigger string   // as written, 司机…跑 for a phrasing with a gap
	parts   []string // the phrasing's parts, in order; one without a gap
	legal   []string
	tokens  []string // index terms of legal, computed once
}

// gapped reports whether the phrasing has parts with a gap between them.
func (e lexEntry) gapped() bool { return len(e.parts) > 1 }

// gapMark separates the parts of a phrasing that may have other words
// between them: 司机…跑 fires on 司机开车跑了 and 司机撞了人就跑.
const gapMark = "…"

// maxGap is how many runes may stand between two parts of a phrasing.
// Residents put a few words in between (卖了我的电话, 逼着我签); a longer
// gap joins words of different sentences.
const maxGap = 8

// Expansion is one lexicon entry that fired on a query: which everyday
// words it saw and the statute words it added. `kb search` shows them.
type Expansion struct {
	// Trigger is the everyday phrasing as the lexicon writes it (司机…跑
	// for one with a gap).
	Trigger string
	Legal   []string
	tokens  []string
	parts   []string // Trigger's parts, each found in the query
	// capacity is the capacity the Code gives the child whose age fired
	// the expansion (ageExpansion), "" for a lexicon entry.
	capacity string
}

// gapped reports whether the phrasing that fired has a gap.
func (x Expansion) gapped() bool { return x.parts != nil }

// Parts returns the pieces of the query the phrasing matched: the
// phrasing itself, or each part of one with a gap.
func (x Expansion) Parts() []string {
	if !x.gapped() {
		return []string{x.Trigger}
	}
	return x.parts
}

// ParseLexicon reads lines of the form
//
//	往下扔|楼上扔东西|司机…跑 => 从建筑物中抛掷物品 抛掷物品
//
// (several everyday phrasings on the left, statute phrases on the right);
// '…' inside a phrasing lets a few other words stand there; '#' starts a
// comment.
func ParseLexicon(r io.Reader) (*Lexicon, error) {
	lx := &Lexicon{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if i := strings.Index(t, "#"); i >= 0 {
			t = strings.TrimSpace(t[:i])
		}
		if t == "" {
			continue
		}
		left, right, ok := strings.Cut(t, "=>")
		if !ok {
			return nil, fmt.Errorf("lexicon line %d: missing =>", line)
		}
		legal := strings.Fields(Normalize(right))
		var toks []string
		for _, p := range legal {
			toks = appendTokens(toks, p)
		}
		if len(legal) == 0 {
			return nil, fmt.Errorf("lexicon line %d: no statute words", line)
		}
		for _, trig := range strings.Split(left, "|") {
			var parts []string
			for _, p := range strings.Split(trig, gapMark) {
				p = strings.TrimSpace(Normalize(p))
				if p == "" {
					return nil, fmt.Errorf("lexicon line %d: empty phrasing or part in %q", line, strings.TrimSpace(trig))
				}
				parts = append(parts, p)
			}
			lx.entries = append(lx.entries, lexEntry{trigger: strings.Join(parts, gapMark), parts: parts, legal: legal, tokens: toks})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read lexicon: %w", err)
	}
	lx.everyday = map[string][]string{}
	for _, e := range lx.entries {
		if e.gapped() {
			// The parts of a phrasing with a gap (跑, 卖) are not words a
			// resident says alone: they expand a question, not an article.
			continue
		}
		for _, p := range e.legal {
			if utf8.RuneCountInString(p) < 2 || slices.Contains(lx.everyday[p], e.trigger) {
				continue
			}
			if _, ok := lx.everyday[p]; !ok {
				lx.legal = append(lx.legal, p)
			}
			lx.everyday[p] = append(lx.everyday[p], e.trigger)
		}
	}
	sort.Strings(lx.legal)
	lx.legalByFirst = map[rune][]int{}
	for i, p := range lx.legal {
		r, _ := utf8.DecodeRuneInString(p)
		lx.legalByFirst[r] = append(lx.legalByFirst[r], i)
	}
	// Longer phrasings first, so 物业费 is reported before 物业.
	sort.SliceStable(lx.entries, func(i, j int) bool { return len(lx.entries[i].trigger) > len(lx.entries[j].trigger) })
	lx.byFirst = map[rune][]int{}
	for i, e := range lx.entries {
		r, _ := utf8.DecodeRuneInString(e.parts[0])
		lx.byFirst[r] = append(lx.byFirst[r], i)
	}
	return lx, nil
}

// Len is the number of everyday phrasings known.
func (lx *Lexicon) Len() int {
	if lx == nil {
		return 0
	}
	return len(lx.entries)
}

// Expand returns the entries whose phrasing occurs in the normalised query.
func (lx *Lexicon) Expand(q string) []Expansion {
	if lx == nil {
		return nil
	}
	var hits []int
	for i, r := range q {
		for _, ei := range lx.byFirst[r] {
			if !slices.Contains(hits, ei) && matchesAt(q[i:], lx.entries[ei].parts) {
				hits = append(hits, ei)
			}
		}
	}
	slices.Sort(hits) // longer phrasings first, as in the entries
	out := make([]Expansion, 0, len(hits)+1)
	for _, ei := range hits {
		e := lx.entries[ei]
		x := Expansion{Trigger: e.trigger, Legal: e.legal, tokens: e.tokens}
		if e.gapped() {
			x.parts = e.parts
		}
		out = append(out, x)
	}
	if x, ok := ageExpansion(q); ok {
		out = append(settleCapacity(out, x), x)
	}
	return out
}

// matchesAt reports whether s starts with parts[0] and each later part
// follows within maxGap runes of the one before, in the same sentence.
func matchesAt(s string, parts []string) bool {
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1:] {
		found := false
		for gap, rest := 0, s; gap <= maxGap && rest != ""; gap++ {
			if strings.HasPrefix(rest, p) {
				s, found = rest[len(p):], true
				break
			}
			r, size := utf8.DecodeRuneInString(rest)
			if r == '\n' || strings.ContainsRune(sentenceEnd, r) {
				break // the parts no longer belong together
			}
			rest = rest[size:]
		}
		if !found {
			return false
		}
	}
	return true
}

// ParseArticlePhrasings adds lines of the form `1254<TAB>楼上扔东西砸人`
// (an article number, then everyday phrasings of what it is about) to the
// lexicon; '#' starts a comment line.
func (lx *Lexicon) ParseArticlePhrasings(r io.Reader) error {
	if lx.articles == nil {
		lx.articles = map[int]string{}
	}
	return scanLines(r, "article phrasings", func(line int, t string) error {
		num, text, ok := strings.Cut(t, "\t")
		n, err := strconv.Atoi(strings.TrimSpace(num))
		if !ok || err != nil || n < 1 {
			return fmt.Errorf("article phrasings line %d: want article<TAB>phrasings", line)
		}
		lx.articles[n] += " " + Normalize(text)
		return nil
	})
}

// ArticlePhrasings returns the everyday phrasings known for an article.
func (lx *Lexicon) ArticlePhrasings(n int) string {
	if lx == nil {
		return ""
	}
	return lx.articles[n]
}

// EverydayFor returns the everyday phrasings of the lexicon entries whose
// statute phrases occur in the normalised text, space separated.
func (lx *Lexicon) EverydayFor(text string) string {
	if lx == nil {
		return ""
	}
	var found []int
	for i, r := range text {
		for _, li := range lx.legalByFirst[r] {
			if strings.HasPrefix(text[i:], lx.legal[li]) && !slices.Contains(found, li) {
				found = append(found, li)
			}
		}
	}
	slices.Sort(found)
	var b strings.Builder
	for _, li := range found {
		for _, t := range lx.everyday[lx.legal[li]] {
			b.WriteString(t)
			b.WriteByte(' ')
		}
	}
	return b.String()
}
