package knowledge

import (
	"regexp"
	"slices"
	"strings"

	"linli/numerals"
)

// A child's age decides what the Code lets the child do alone and who
// answers for the harm done to or by the child: under eight a child has
// no capacity for civil acts (article 20), from eight to eighteen a
// limited one (article 19), and a child under two is raised by the
// mother as a rule (article 1084). Residents give the age, not the
// capacity (「孩子十岁」「儿子上初二」「女儿一岁半」), so the question is
// read for an age and given the statute's words for it. A lexicon line
// per age could not do this: 十八岁 contains 八岁, and 十几岁 or 7岁
// would each need their own.

// ageMention finds an age in years: 十岁, 7岁, 一岁半, 十几岁, 八十多岁,
// 不满八周岁, 八岁以下.
var ageMention = regexp.MustCompile(`(不满|未满|不到)?([` + numerals.Chars + `]{1,4})(几|多)?(周)?岁(半)?(以下|以内)?`)

// schoolYear finds a child's school year: 上初二, 读高一, 孩子初三,
// 女儿上幼儿园. A year alone (初一, 初二) is also a day of the lunar
// month, and 高中 alone is often a classmate's school, so the year counts
// only after going to school or a child.
var schoolYear = regexp.MustCompile(`(上|读|念|孩子|儿子|女儿|闺女|孙子|孙女|外孙|外孙女)(今年|现在|在|才|刚)?(上|读)?(幼儿园|小学[一二三四五六]年级|小学|初[一二三]|高[一二三]|初中|高中|中专|职高)`)

// Capacity words the Code uses for each age.
var (
	noCapacity      = []string{"不满八周岁的未成年人", capacityNone, "法定代理人"}
	underTwo        = []string{"不满两周岁的子女", "母亲直接抚养"}
	limitedCapacity = []string{"八周岁以上的未成年人", capacityLimited, "法定代理人"}
	ownLiving       = []string{"十六周岁以上的未成年人", "劳动收入"}
)

// ageExpansion returns the statute's words for the age of a child the
// question names, with the words that named it, or false when it names
// none or only an adult's.
func ageExpansion(q string) (Expansion, bool) {
	if x, ok := yearsOld(q); ok {
		return x, true
	}
	return schoolAge(q)
}

// yearsOld reads the first child's age in years the question gives.
func yearsOld(q string) (Expansion, bool) {
	if !strings.Contains(q, "岁") {
		return Expansion{}, false // most questions give none: skip the scan
	}
	for _, m := range ageMention.FindAllStringSubmatchIndex(q, -1) {
		n, ok := numerals.Parse(q[m[4]:m[5]])
		if !ok {
			continue
		}
		// Half years count as less than the next birthday: a child of
		// 一岁半 is under two, and so is one 不满两周岁 or 两岁以下.
		age := float64(n)
		switch {
		case m[2] >= 0 || m[12] >= 0:
			age -= 0.5
		case m[6] >= 0: // 十几岁, 八十多岁: a little over
			age += 3
		case m[10] >= 0:
			age += 0.5
		}
		if x, ok := ageWords(q[m[0]:m[1]], age); ok {
			return x, true // an adult's age named first is passed over
		}
	}
	return Expansion{}, false
}

// schoolAge reads a child's age from the school the child goes to.
func schoolAge(q string) (Expansion, bool) {
	if !strings.ContainsAny(q, "初高园学专") {
		return Expansion{}, false
	}
	m := schoolYear.FindStringSubmatchIndex(q)
	if m == nil {
		return Expansion{}, false
	}
	trigger, year := q[m[0]:m[1]], q[m[8]:m[9]]
	switch {
	case year == "幼儿园" || strings.HasPrefix(year, "小学一") || strings.HasPrefix(year, "小学二"):
		return ageWords(trigger, 6)
	case strings.HasPrefix(year, "小学"):
		return ageWords(trigger, 10)
	default:
		return ageWords(trigger, 14)
	}
}

// ageWords is the expansion for a child of the given age, named by
// trigger; adults get none.
func ageWords(trigger string, age float64) (Expansion, bool) {
	for _, b := range ageBrackets {
		if age < b.below {
			x := b.words
			x.Trigger = trigger
			return x, true
		}
	}
	return Expansion{}, false
}

// ageBrackets are the statute's words for a child younger than each age,
// youngest first, tokenised once rather than for every question.
var ageBrackets = []struct {
	below float64
	words Expansion
}{
	{2, ageBracket(capacityNone, noCapacity, underTwo)},
	{8, ageBracket(capacityNone, noCapacity)},
	{16, ageBracket(capacityLimited, limitedCapacity)},
	{18, ageBracket(capacityLimited, limitedCapacity, ownLiving)},
}

// ageBracket is the expansion, without its trigger, of a child of the
// given capacity, in the words of the given lists.
func ageBracket(capacity string, lists ...[]string) Expansion {
	x := Expansion{capacity: capacity}
	for _, l := range lists {
		x.Legal = append(x.Legal, l...)
	}
	for _, p := range x.Legal {
		x.tokens = appendTokens(x.tokens, p)
	}
	return x
}

// The Code's names for a minor's two capacities.
const (
	capacityNone    = "无民事行为能力人"
	capacityLimited = "限制民事行为能力人"
)

// settleCapacity drops from xs the capacity the child's age rules out:
// 学校 and 未成年 name both, and a child of ten has only one of them.
func settleCapacity(xs []Expansion, age Expansion) []Expansion {
	other := capacityNone
	if age.capacity == capacityNone {
		other = capacityLimited
	}
	for i, x := range xs {
		if !slices.Contains(x.Legal, other) {
			continue
		}
		legal := slices.DeleteFunc(slices.Clone(x.Legal), func(p string) bool { return p == other })
		var toks []string
		for _, p := range legal {
			toks = appendTokens(toks, p)
		}
		xs[i].Legal, xs[i].tokens = legal, toks
	}
	return xs
}

// capacityOf returns the capacity the Code gives the child whose age the
// question names ("" for none): two questions alike in every word but a
// child's age of five and of twelve rest on different articles.
func capacityOf(q string) string {
	x, _ := ageExpansion(q)
	return x.capacity
}

// capacityIn returns the capacity of the child an expanded question
// names (Lexicon.Expand adds the age's expansion), "" for none.
func capacityIn(xs []Expansion) string {
	for _, x := range xs {
		if x.capacity != "" {
			return x.capacity
		}
	}
	return ""
}
