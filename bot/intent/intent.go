package intent

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Shape is what may follow an intent's command word. The shape, not the
// handler, tells 「签到」 (a check-in) from 「签到 #3」 (at an event), and
// 「完成 #12」 (a task) from 「完成！终于搞定了」 (chatter).
type Shape int

const (
	// NoArgs: nothing but a particle or a question mark may follow.
	NoArgs Shape = iota
	// Note: an optional note ("打卡 day3 今天分了两袋"), never "#N" and
	// never a question about the action ("打卡了吗").
	Note
	// Ref: a number ("接单 #12", "接单12"), or nothing, which the handler
	// answers with how to write it; never other words ("完成！终于搞定了").
	Ref
	// OptRef: a number or nothing.
	OptRef
	// Name: a number, a name ("报名 讲座"), or nothing.
	Name
	// Free: free text ("求助 明天想找人陪我去医院").
	Free
)

// Decl declares one intent: what a message means, who may ask for it, and
// how residents say it. Workflows declare their intents with their
// commands; the router builds one Resolver from them all.
type Decl struct {
	// Name identifies the intent in measurements ("checkin").
	Name string
	// Label is how the intent is offered in a numbered menu ("打卡").
	Label string
	// Role is the least role that may use it (0 is a resident).
	Role int
	// Below, when set, is the least role the intent is not read for: a
	// claim of authority is a resident's, and a coordinator's words that
	// name whoever sent them (「周姐让我统计一下打卡情况」) are their work.
	Below int
	// Keywords are the command words; a message starting with one, with
	// arguments of the right shape, means the intent for certain.
	Keywords []string
	// Loose lets a keyword run straight into free text ("求助我家…").
	Loose bool
	// Shape is the arguments' shape.
	Shape Shape
	// Accept, when set, further checks the arguments after a keyword.
	Accept func(args string) bool
	// Cues are regular expressions over the folded text (see Fold) that
	// mean the intent without its command word.
	Cues []string
	// Score, when set, scores the folded text itself (0 to 1): a
	// workflow's own reading, such as its lexicon of kinds of help.
	Score func(text string) float64
	// Hints are regular expressions that make the intent likely, not sure.
	Hints []string
	// Not are regular expressions over the folded text that rule out a
	// phrasing without the command word, whatever else matched.
	Not []string
	// Phrases are example phrasings; they train the n-gram matcher that
	// catches what the cues miss (slips, word order).
	Phrases []string
	// Asks is set for intents that are themselves questions ("积分还剩多
	// 少"); an action intent is ruled out by a question about it ("打卡
	// 了吗", "咋打卡").
	Asks bool
	// Unprompted lets a phrasing without the command word act in a group
	// that did not address the bot: the intent is clearly in linli's
	// domain and harmless to answer.
	Unprompted bool
	// Menu ranks the intent in the short numbered menu (0: not shown).
	Menu int
	// Beyond are regular expressions over the folded text that mean a
	// member below Role is asking for the intent in their own words
	// (「帮我给全小区发个通知」 for a coordinator's reminder): they are
	// told no as if they had typed the command word. For those with the
	// role, the words run a command that takes no arguments and show how
	// to write one that does, so a loose phrasing never runs it.
	Beyond []string
}

// Scores a match can have.
const (
	// ByKeyword is a command word with well-shaped arguments.
	ByKeyword = 1.0
	// ByCue is a declared cue.
	ByCue = 0.92
	// ByHint is a declared hint.
	ByHint = 0.7
	// Sure is the score from which a match is acted on in a group that
	// did not address the bot.
	Sure = 0.9
	// Likely is the score from which a match is acted on when the bot is
	// addressed.
	Likely = 0.62
	// Maybe is the score from which a private chat offers the match in a
	// numbered ask-back rather than the general menu.
	Maybe = 0.45
	// Close is how near the runner-up must be for a private chat to ask
	// back instead of acting.
	Close = 0.06
)

// Match is one intent a message may mean.
type Match struct {
	// Index is the declaration's position in the Resolver.
	Index int
	Name  string
	Score float64
	// Keyword is the command word matched ("" for a natural phrasing).
	Keyword string
	// Args are the arguments: after the keyword, or read from the
	// phrasing (a task number, an event name, the whole text).
	Args string
}

// Resolver ranks the intents a message may mean.
type Resolver struct {
	decls []Decl
	// cues, hints, nots and beyond are each declaration's expressions
	// of that kind, joined into one (nil when it has none).
	cues, hints, nots, beyond []*expr
	// gate knows which expressions a text cannot match.
	gate gate
	kws  []kwEntry
	ng   *ngrams
	memo memo
}

// expr is one compiled expression and its id in the gate.
type expr struct {
	re *regexp.Regexp
	id int
}

// match reports whether e matches folded, whose open expressions are in
// the gate's set open.
func (e *expr) match(folded string, open []uint64) bool {
	return e != nil && has(open, e.id) && e.re.MatchString(folded)
}

type kwEntry struct {
	word string
	decl int
}

// New compiles declarations into a Resolver; a bad expression is an error
// naming the intent.
func New(decls []Decl) (*Resolver, error) {
	r := &Resolver{decls: decls}
	// A declaration's expressions of one kind are joined into one, so a
	// message is scanned once per kind rather than once per expression.
	compile := func(name string, exprs []string) (*expr, error) {
		if len(exprs) == 0 {
			return nil, nil
		}
		for _, e := range exprs {
			if _, err := regexp.Compile(e); err != nil {
				return nil, fmt.Errorf("intent %s: %w", name, err)
			}
		}
		re, err := regexp.Compile("(?:" + strings.Join(exprs, ")|(?:") + ")")
		if err != nil {
			return nil, fmt.Errorf("intent %s: %w", name, err)
		}
		return &expr{re: re, id: r.gate.add(re)}, nil
	}
	var phrases []phrase
	for i, d := range decls {
		c, err := compile(d.Name, d.Cues)
		if err != nil {
			return nil, err
		}
		h, err := compile(d.Name, d.Hints)
		if err != nil {
			return nil, err
		}
		n, err := compile(d.Name, d.Not)
		if err != nil {
			return nil, err
		}
		b, err := compile(d.Name, d.Beyond)
		if err != nil {
			return nil, err
		}
		r.cues, r.hints, r.nots, r.beyond = append(r.cues, c), append(r.hints, h), append(r.nots, n), append(r.beyond, b)
		for _, k := range d.Keywords {
			r.kws = append(r.kws, kwEntry{word: strings.ToLower(k), decl: i})
		}
		for _, p := range d.Phrases {
			phrases = append(phrases, phrase{text: Fold(p), decl: i})
		}
	}
	sort.SliceStable(r.kws, func(i, j int) bool {
		return utf8.RuneCountInString(r.kws[i].word) > utf8.RuneCountInString(r.kws[j].word)
	})
	r.ng = train(phrases)
	return r, nil
}

// Beyond returns the intent above role that text asks for in the words
// of its Beyond expressions, if any.
func (r *Resolver) Beyond(text string, role int) (Match, bool) {
	folded := Fold(text)
	open := r.gate.open(folded)
	for i, d := range r.decls {
		if d.Role > role && r.beyond[i].match(folded, open) {
			return Match{Index: i, Name: d.Name, Score: ByCue, Args: text}, true
		}
	}
	return Match{}, false
}

// Said returns the intent, at or below role, that text asks for in the
// words of its Beyond expressions: a coordinator's own words for a
// command of theirs.
func (r *Resolver) Said(text string, role int) (Match, bool) {
	folded := Fold(text)
	open := r.gate.open(folded)
	for i, d := range r.decls {
		if d.Role <= role && r.beyond[i].match(folded, open) {
			return Match{Index: i, Name: d.Name, Score: ByCue, Args: text}, true
		}
	}
	return Match{}, false
}

// Decl returns the declaration at index i.
func (r *Resolver) Decl(i int) Decl { return r.decls[i] }

// Len is the number of declarations.
func (r *Resolver) Len() int { return len(r.decls) }

// KeywordMatches returns the intents whose command word starts text
// (normalised, with any @-mention removed), whatever the role, with the
// arguments that follow, longest word first. Shape is not checked.
func (r *Resolver) KeywordMatches(text string) []Match {
	head := strip(text)
	lower := strings.ToLower(head)
	if len(lower) != len(head) {
		lower = head // a rare letter whose case changes its length
	}
	var out []Match
	for _, k := range r.kws {
		d := r.decls[k.decl]
		if !strings.HasPrefix(lower, k.word) {
			continue
		}
		args, ok := matchKeyword(head, k.word, d.Loose)
		if !ok {
			continue
		}
		out = append(out, Match{Index: k.decl, Name: d.Name, Score: ByKeyword, Keyword: k.word, Args: args})
	}
	return out
}

// Command returns the longest command word at the start of text whose
// arguments have its intent's shape, whatever the role: what a resident
// typing a coordinator's command meant.
func (r *Resolver) Command(text string) (Match, bool) {
	for _, m := range r.KeywordMatches(text) {
		if fits(r.decls[m.Index], m.Args) {
			return m, true
		}
	}
	return Match{}, false
}

// Resolve ranks the intents text may mean for an asker of the given role,
// best first, one match per intent, leaving out intents the role may not
// use and matches below Likely's half. text is the normalised message.
func (r *Resolver) Resolve(text string, role int) []Match {
	if ms, ok := r.memo.get(text, role); ok {
		return ms
	}
	ms := r.resolve(text, role)
	r.memo.put(text, role, ms)
	return slices.Clone(ms)
}

// resolve is Resolve without the memo.
func (r *Resolver) resolve(text string, role int) []Match {
	folded := Fold(text)
	best := map[int]Match{}
	consider := func(m Match) {
		if old, ok := best[m.Index]; !ok || m.Score > old.Score {
			best[m.Index] = m
		}
	}
	question := asking.MatchString(folded)
	for _, m := range r.KeywordMatches(text) {
		d := r.decls[m.Index]
		if d.Role > role || !fits(d, m.Args) {
			continue
		}
		if m.Args != "" && !d.Asks && d.Shape != Free && d.Shape != Name && question && asking.MatchString(Fold(m.Args)) {
			continue
		}
		consider(m)
	}
	compact := strings.ReplaceAll(folded, " ", "")
	open := r.gate.open(folded)
	for i, d := range r.decls {
		if d.Role > role || (question && !d.Asks) {
			continue
		}
		score := 0.0
		if r.cues[i].match(folded, open) {
			score = ByCue
		} else if r.hints[i].match(folded, open) {
			score = ByHint
		}
		if d.Score != nil {
			score = max(score, d.Score(folded))
		}
		if score == 0 && r.mentions(i, compact) {
			// The command word is there, but not as a command: the
			// intent is a fair guess to offer, never to act on.
			score = Maybe + 0.05
		}
		if score == 0 || r.nots[i].match(folded, open) {
			continue
		}
		if args, ok := naturalArgs(d, text, r.kws, i); ok {
			consider(Match{Index: i, Name: d.Name, Score: score, Args: args})
		}
	}
	for _, s := range r.ng.similar(compact) {
		d := r.decls[s.decl]
		score := s.sim * 0.9
		if score < Likely/2 || d.Role > role || (question && !d.Asks) || r.nots[s.decl].match(folded, open) {
			continue
		}
		if args, ok := naturalArgs(d, text, r.kws, s.decl); ok {
			consider(Match{Index: s.decl, Name: d.Name, Score: score, Args: args})
		}
	}
	out := make([]Match, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Index < out[j].Index
	})
	return out
}

// mentions reports whether one of the intent's command words of two or
// more characters occurs in the compact folded text.
func (r *Resolver) mentions(i int, compact string) bool {
	for _, k := range r.kws {
		if k.decl == i && utf8.RuneCountInString(k.word) >= 2 && strings.Contains(compact, k.word) {
			return true
		}
	}
	return false
}

// Asking reports whether the folded text asks a question rather than
// asks for something to be done.
func Asking(folded string) bool { return asking.MatchString(folded) }

// asking is a question about something rather than a request to do it:
// 「打卡了吗」「咋打卡」「明天别忘了打卡」.
var asking = regexp.MustCompile(`[?吗]|(^|[^什没这那多要])么|了没|没有$|怎么|如何|怎样|(^|[^没])什么|是不是|几点|第几|(^|[^前这那好过头后最住待])几天|多少|哪|要不要|别忘|记得|能不能|可不可以|可以吗|会不会|有没有|为什么`)

var (
	refRe   = regexp.MustCompile(`^#?\s*\d+`)
	hashRe  = regexp.MustCompile(`^#\s*\d`)
	bareNum = regexp.MustCompile(`^\d+$`)
	numRe   = regexp.MustCompile(`#\s*(\d+)|(\d+)\s*号|第\s*(\d+)|(\d+)`)
	// notANo is a number that names a building, or counts people, votes,
	// points or days (「给2号楼那个加50票」): never an event's or a task's.
	notANo  = regexp.MustCompile(`\d+\s*(号楼|号院|号门|栋|幢|单元|楼|室|层|个|人|位|票|分|积分|天|块|元|岁)`)
	trivial = regexp.MustCompile(`^[呢吗么?]*$`)
)

// fits reports whether the arguments after a command word have the
// intent's shape.
func fits(d Decl, args string) bool {
	folded := Fold(args)
	ok := true
	switch d.Shape {
	case NoArgs:
		ok = trivial.MatchString(folded)
	case Note:
		ok = !hashRe.MatchString(args) && !bareNum.MatchString(args) && !strings.HasPrefix(folded, "没") && !strings.HasPrefix(folded, "吗")
	case Ref, OptRef:
		ok = trivial.MatchString(folded) || refRe.MatchString(args)
	}
	if ok && d.Accept != nil {
		ok = d.Accept(args)
	}
	return ok
}

// naturalArgs reads the arguments of a phrasing without a command word at
// its start: a number for Ref, what follows a command word inside the text
// for Name, the whole text for Free.
func naturalArgs(d Decl, text string, kws []kwEntry, i int) (string, bool) {
	switch d.Shape {
	case Ref, OptRef:
		if m := numRe.FindStringSubmatch(notANo.ReplaceAllString(text, " ")); m != nil {
			for _, g := range m[1:] {
				if g != "" {
					return "#" + g, true
				}
			}
		}
		return "", d.Shape == OptRef
	case Name:
		for _, k := range kws {
			if k.decl != i {
				continue
			}
			if _, after, ok := strings.Cut(text, k.word); ok {
				after = strings.TrimLeft(after, " :：,，参加一下个条份张件只瓶袋的")
				return strings.TrimRightFunc(after, func(r rune) bool { return unicode.IsPunct(r) || strings.ContainsRune(particles, r) }), true
			}
		}
		return "", true
	case Free:
		return text, true
	}
	return "", true
}

// strip drops emoji and symbols and the fillers a resident puts before a
// command word ("我要打卡✔", "已签到"), keeping the punctuation that
// separates a word from its arguments.
func strip(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.In(r, unicode.So, unicode.Sk, unicode.Mn, unicode.Me, unicode.Cf) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	for again := true; again; {
		again = false
		for _, f := range fillers {
			rest, ok := strings.CutPrefix(s, f)
			if !ok || rest == "" {
				continue
			}
			if next, _ := utf8.DecodeRuneInString(rest); next == '的' || strings.ContainsRune("们家是在也还", next) {
				continue
			}
			s, again = strings.TrimSpace(rest), true
			break
		}
	}
	return s
}

// matchKeyword reports whether text starts with the keyword as a word and
// returns what follows.
func matchKeyword(text, kw string, loose bool) (string, bool) {
	if !strings.HasPrefix(strings.ToLower(text), kw) {
		return "", false
	}
	rest := text[len(kw):]
	if rest == "" {
		return "", true
	}
	next, _ := utf8.DecodeRuneInString(rest)
	if !loose && !(unicode.IsSpace(next) || unicode.IsDigit(next) || next < utf8.RuneSelf && unicode.IsLetter(next) || unicode.IsPunct(next) || unicode.IsSymbol(next) || next == '#' ||
		strings.ContainsRune(particles+"吗呢么", next)) {
		return "", false
	}
	return strings.TrimSpace(strings.TrimLeftFunc(rest, func(r rune) bool {
		return r == ':' || r == '：' || r == '，' || r == ',' || unicode.IsSpace(r)
	})), true
}

// ScoreIf is a Decl.Score that gives score to the folded texts reads
// accepts, and 0 to the rest.
func ScoreIf(reads func(folded string) bool, score float64) func(string) float64 {
	return func(folded string) float64 {
		if reads(folded) {
			return score
		}
		return 0
	}
}
