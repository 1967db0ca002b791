package knowledge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Area is an area of law a resident's question belongs to (婚姻家庭, 继承,
// 租赁 …). When the bot is not sure which article answers a question it
// still names the area and gives the guidance that holds for all of it,
// so the resident learns where they stand and whom to ask.
type Area struct {
	// Name is how the area is named to residents.
	Name string
	// Guide is general guidance for the whole area, in plain words,
	// written by the project.
	Guide string
	// ranges are the Civil Code articles of the area, from the Code's own
	// structure (its books and chapters).
	ranges [][2]int
}

// Contains reports whether article n belongs to the area.
func (a Area) Contains(n int) bool {
	for _, r := range a.ranges {
		if n >= r[0] && n <= r[1] {
			return true
		}
	}
	return false
}

// Areas classifies questions and articles into areas of law.
type Areas struct {
	list []Area
	// byFirst indexes (area, word) pairs by the word's first rune, so a
	// question is matched in one pass.
	byFirst map[rune][]areaWord
	// ofArticle is each article's area (-1 when none).
	ofArticle []int8
}

type areaWord struct {
	area int
	word string
	// term marks the law's own name for something of the area (留置权,
	// 保管人, 离婚): only a legal question names it.
	term bool
	// ranks marks a word the ranking weighs (wordScores): the terms are
	// read only to frame and place a question, unless they are words too.
	ranks bool
}

// ParseAreas reads JSONL lines {"area", "ranges": [[from, to]…], "words",
// "terms", "guide"}. Words place a question in the area and weigh in its
// ranking; terms are the law's own names for what the area governs
// (留置权, 保管人, 离婚), which tell that a question is a legal one and
// where it belongs (Term) without weighing in the ranking.
func ParseAreas(r io.Reader) (*Areas, error) {
	as := &Areas{byFirst: map[rune][]areaWord{}}
	maxArt := 0
	err := scanLines(r, "areas", func(line int, raw string) error {
		var v struct {
			Area   string   `json:"area"`
			Ranges [][2]int `json:"ranges"`
			Words  []string `json:"words"`
			Terms  []string `json:"terms"`
			Guide  string   `json:"guide"`
		}
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return fmt.Errorf("areas line %d: %w", line, err)
		}
		if v.Area == "" || v.Guide == "" || len(v.Ranges) == 0 {
			return fmt.Errorf("areas line %d: needs an area, its articles and guidance", line)
		}
		a := Area{Name: v.Area, Guide: v.Guide, ranges: v.Ranges}
		var terms []areaWord
		for _, w := range v.Terms {
			if w = Normalize(strings.TrimSpace(w)); w != "" {
				terms = append(terms, areaWord{area: len(as.list), word: w, term: true})
			}
		}
		for _, w := range v.Words {
			w = Normalize(strings.TrimSpace(w))
			if w == "" {
				continue
			}
			if i := slices.IndexFunc(terms, func(t areaWord) bool { return t.word == w }); i >= 0 {
				terms[i].ranks = true
				continue
			}
			r, _ := utf8.DecodeRuneInString(w)
			as.byFirst[r] = append(as.byFirst[r], areaWord{area: len(as.list), word: w, ranks: true})
		}
		for _, t := range terms {
			r, _ := utf8.DecodeRuneInString(t.word)
			as.byFirst[r] = append(as.byFirst[r], t)
		}
		for _, rg := range v.Ranges {
			maxArt = max(maxArt, rg[1])
		}
		as.list = append(as.list, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(as.list) > 127 {
		return nil, fmt.Errorf("areas: %d areas, at most 127", len(as.list))
	}
	as.ofArticle = make([]int8, maxArt+1)
	for n := range as.ofArticle {
		as.ofArticle[n] = -1
		for i, a := range as.list {
			if a.Contains(n) {
				as.ofArticle[n] = int8(i)
				break
			}
		}
	}
	return as, nil
}

// BuiltinAreas returns the embedded areas of law with their guidance.
func BuiltinAreas() (*Areas, error) {
	b, err := builtinFS.ReadFile("builtin/areas.jsonl")
	if err != nil {
		return nil, fmt.Errorf("read built-in areas: %w", err)
	}
	return ParseAreas(bytes.NewReader(b))
}

// Len is the number of areas.
func (as *Areas) Len() int {
	if as == nil {
		return 0
	}
	return len(as.list)
}

// Area returns area i.
func (as *Areas) Area(i int) Area { return as.list[i] }

// Of returns the area of article n, -1 when it has none.
func (as *Areas) Of(n int) int {
	if as == nil || n < 0 || n >= len(as.ofArticle) {
		return -1
	}
	return int(as.ofArticle[n])
}

// wordScores adds, for each area, the length in characters of its words
// found in the normalised question; a longer word is stronger evidence.
func (as *Areas) wordScores(q string, scores []float32) {
	if as == nil {
		return
	}
	for i, r := range q {
		for _, aw := range as.byFirst[r] {
			if aw.ranks && strings.HasPrefix(q[i:], aw.word) {
				scores[aw.area] += float32(utf8.RuneCountInString(aw.word))
			}
		}
	}
}

// Term returns the longest of the law's own terms (留置权, 保管人, 离婚)
// in the normalised question and its area; "" and -1 when it names none.
func (as *Areas) Term(q string) (term string, area int) {
	area = -1
	if as == nil {
		return "", area
	}
	for i, r := range q {
		for _, aw := range as.byFirst[r] {
			if aw.term && len(aw.word) > len(term) && strings.HasPrefix(q[i:], aw.word) {
				term, area = aw.word, aw.area
			}
		}
	}
	return term, area
}

// AreaGuess is the area a question belongs to, with how sure the guess is.
type AreaGuess struct {
	// Area is the index of the area (Areas.Area), -1 when none.
	Area int
	// Name is the area's name ("" when none).
	Name string
	// Share is the area's share (0..1) of the evidence: its words in the
	// question and the scores of its articles among the best ranked.
	Share float64
	// Words reports whether the question itself has words of the area,
	// rather than only the ranking pointing there.
	Words bool
	// Runner is the area with the next largest share (-1 when none), and
	// RunnerShare its share.
	Runner      int
	RunnerShare float64
}

// The evidence is split between two areas (AreaGuess.Split) when the
// guessed area holds less than splitShare of it and the runner-up at
// least runnerShare. On the public questions the bot was not sure enough
// to cite an article for, the guessed area was right for under half of
// those below splitShare, and one of the two for about four in five.
const (
	splitShare  = 0.6
	runnerShare = 0.2
)

// Split reports whether the evidence points about as much to the
// runner-up area as to the guessed one, so that both should be named.
func (g AreaGuess) Split() bool {
	return g.Area >= 0 && g.Runner >= 0 && g.Share < splitShare && g.RunnerShare >= runnerShare
}

// guess combines the question's words with the ranking's vote: each of
// the best articles votes for its area with its share of their scores.
func (as *Areas) guess(words []float32, art []float32, top []int) AreaGuess {
	g := AreaGuess{Area: -1, Runner: -1}
	if as.Len() == 0 {
		return g
	}
	vote := make([]float64, as.Len())
	var wsum, vsum float64
	for _, w := range words {
		wsum += float64(w)
	}
	for _, a := range top {
		if ar := as.Of(a); ar >= 0 {
			vote[ar] += float64(art[a])
			vsum += float64(art[a])
		}
	}
	best := -1.0
	for i := range vote {
		var s float64
		switch {
		case wsum > 0 && vsum > 0:
			s = 0.5*float64(words[i])/wsum + 0.5*vote[i]/vsum
		case wsum > 0:
			s = float64(words[i]) / wsum
		case vsum > 0:
			s = vote[i] / vsum
		}
		switch {
		case s > best:
			if best > 0 {
				g.Runner, g.RunnerShare = g.Area, best
			}
			best, g.Area = s, i
		case s > g.RunnerShare && s > 0:
			g.Runner, g.RunnerShare = i, s
		}
	}
	if best <= 0 {
		return AreaGuess{Area: -1, Runner: -1}
	}
	g.Name, g.Share, g.Words = as.list[g.Area].Name, best, words[g.Area] > 0
	return g
}

// Placement is where a searched question belongs in the law, as a reply
// that cites no article names it.
type Placement struct {
	// Areas are the area of law, then the runner-up when the evidence is
	// split between the two (AreaGuess.Split) and no term of the law's
	// own settles it; empty when no area is known.
	Areas []int
	// Own reports whether the question's own words place it there: words
	// of the area, the law's own term for something it governs (留置权 in
	// 借款借贷), or an example legal question holding at least
	// ExamplePlaces of them, which places it in the area of the article
	// the example cites first (「车寄放在朋友那…」 in 买卖与合同). Otherwise
	// Areas are the ranking's guess.
	Own bool
}

// ExamplePlaces is the share of a question's own words (by weight) an
// example legal question must hold to place it in the law as the words
// of an area would (Result.Likeness).
const ExamplePlaces = 0.4

// place finds where a searched question belongs (Placement).
func (ix *Index) place(res Result) Placement {
	termArea := -1
	if term, a := ix.LawTerm(res.Query); term != "" {
		termArea = a
	}
	area, own := res.Area.Area, res.Area.Words
	switch {
	case own:
	case termArea >= 0:
		area, own = termArea, true
	case res.Likeness >= ExamplePlaces && len(res.Alike.Articles) > 0 && ix.AreaOf(res.Alike.Articles[0]) >= 0:
		area, own = ix.AreaOf(res.Alike.Articles[0]), true
	}
	if area < 0 {
		return Placement{}
	}
	p := Placement{Areas: []int{area}, Own: own}
	if area == res.Area.Area && termArea != area && res.Area.Split() {
		p.Areas = append(p.Areas, res.Area.Runner)
	}
	return p
}
